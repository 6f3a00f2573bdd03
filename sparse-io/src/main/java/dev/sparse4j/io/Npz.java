package dev.sparse4j.io;

import dev.sparse4j.api.spi.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file with one {@code <key>.npy} entry per array, as written by
 * {@code numpy.savez} (stored) and {@code numpy.savez_compressed} (deflated). {@code numpy.load(file)[key]} opens
 * what {@link #write(Path, Map)} writes.
 */
public final class Npz {
  private static final String SUFFIX = ".npy";

  private Npz() {}

  /** Writes {@code arrays} uncompressed (like {@code numpy.savez}), in iteration order, atomically. */
  public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
    write(file, arrays, false);
  }

  /** Writes {@code arrays} deflated (like {@code numpy.savez_compressed}), in iteration order, atomically. */
  public static void writeCompressed(Path file, Map<String, NpyArray> arrays) throws IOException {
    write(file, arrays, true);
  }

  private static void write(Path file, Map<String, NpyArray> arrays, boolean compress) throws IOException {
    Objects.requireNonNull(arrays, "arrays");
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("npz array names must be non-empty, got " + arrays.keySet());
      }
      Objects.requireNonNull(e.getValue(), "array " + key);
    }
    AtomicFiles.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
        byte[] bytes = Npy.toBytes(e.getValue());
        ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
        if (compress) {
          entry.setMethod(ZipEntry.DEFLATED);
        } else {
          // A stored entry needs its size and CRC up front.
          CRC32 crc = new CRC32();
          crc.update(bytes);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(bytes.length);
          entry.setCompressedSize(bytes.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
      }
      zip.finish();
    });
  }

  /**
   * Reads every array of an {@code .npz} file, keyed by entry name without {@code .npy}, in the archive's order.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws CorruptFileException if it is not a zip archive, or an entry is not a supported {@code .npy} array (the
   *     message names the entry and the byte offset inside it)
   */
  public static Map<String, NpyArray> read(Path file) throws IOException {
    return read(file, key -> Long.MAX_VALUE);
  }

  /** The most bytes the {@code .npy} header of an entry may add to its data (NumPy pads headers to 64 bytes). */
  public static final long HEADER_BYTES = 64 * 1024;

  /**
   * Like {@link #read(Path)}, with the most bytes each entry may inflate to, by array name ({@code maxBytes} returns
   * a negative number for a name the caller does not expect: refused before it is inflated). An entry whose declared
   * or actual size exceeds its bound is refused as soon as that is known, so a small archive that inflates to
   * gigabytes (a "zip bomb") never takes more memory than the caller expects. Independently of the bounds, no entry
   * may inflate to more than deflate's 1032:1 ratio allows, and all entries together to more than that times the
   * file's size.
   *
   * @param maxBytes the largest expected entry size (header included, e.g. {@link #HEADER_BYTES} + data bytes)
   * @throws CorruptFileException naming the entry that is unexpected or too large
   */
  public static Map<String, NpyArray> read(Path file, java.util.function.ToLongFunction<String> maxBytes)
      throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such .npz file");
    }
    long fileSize = Files.size(file);
    // Deflate compresses at most ~1032:1; more than that is an archive that lies (or overlapping entries).
    long budget = 1100 * fileSize + 1024 * 1024;
    long inflated = 0;
    Map<String, NpyArray> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String key = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        long max = maxBytes.applyAsLong(key);
        if (max < 0) {
          throw new CorruptFileException(file, -1, "holds an array '" + shorten(key) + "' that is not expected"
              + " here; was it written for another model?");
        }
        long limit = Math.min(Math.min(max, budget - inflated), Integer.MAX_VALUE - 16L);
        if (entry.getSize() > limit) {
          throw tooLarge(file, name, entry.getSize(), max, budget);
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readNBytes((int) limit + 1);
        } catch (IOException | RuntimeException e) {
          throw new CorruptFileException(file, -1, "entry '" + shorten(name) + "' cannot be decompressed: " + e);
        }
        if (bytes.length > limit) {
          throw tooLarge(file, name, -1, max, budget);
        }
        inflated += bytes.length;
        // java.util.zip does not check a compressed entry's CRC-32 (and trusts the directory's sizes): a flipped
        // bit would load as a silently different array.
        if (entry.getSize() >= 0 && entry.getSize() != bytes.length) {
          throw new CorruptFileException(file, -1, "entry '" + name + "' holds " + bytes.length + " bytes but the "
              + "archive says " + entry.getSize() + "; the file is damaged: restore it, or write it again");
        }
        if (entry.getCrc() >= 0) {
          CRC32 crc = new CRC32();
          crc.update(bytes);
          if (crc.getValue() != entry.getCrc()) {
            throw new CorruptFileException(file, -1, String.format(java.util.Locale.ROOT, "entry '%s' fails its "
                + "CRC-32 check (stored %08x, computed %08x); the file is damaged: restore it, or write it again",
                name, entry.getCrc(), crc.getValue()));
          }
        }
        NpyArray array = Npy.parse(bytes, (offset, problem) ->
            new CorruptFileException(file, -1, "entry '" + name + "', byte " + offset + " of the entry: " + problem));
        if (out.put(key, array) != null) {
          throw new CorruptFileException(file, -1, "array '" + key + "' appears twice in the archive");
        }
      }
    } catch (CorruptFileException e) {
      throw e;
    } catch (ZipException e) {
      throw new CorruptFileException(file, -1, "not a valid .npz (zip) archive: " + e.getMessage());
    } catch (IOException e) {
      // Damaged archives surface as bare EOF or I/O errors from java.util.zip; say which file.
      throw new CorruptFileException(file, -1, "cannot be read as an .npz (zip) archive: " + e);
    } catch (RuntimeException e) {
      throw new CorruptFileException(file, -1, "is a damaged .npz (zip) archive: " + e);
    }
    return out;
  }

  private static CorruptFileException tooLarge(Path file, String name, long declared, long max, long budget) {
    return new CorruptFileException(file, -1, "entry '" + shorten(name) + "' inflates to "
        + (declared >= 0 ? declared + " bytes" : "more bytes") + " than " + (max < budget
            ? "the " + max + " the array it should hold can take" : "a valid archive of this size can hold")
        + "; the file is damaged or not what it claims to be (refused before inflating it)");
  }

  /** An entry name for a message: names in damaged archives can be megabytes long. */
  static String shorten(String name) {
    return name.length() <= 200 ? name : name.substring(0, 200) + "… (" + name.length() + " characters)";
  }
}
