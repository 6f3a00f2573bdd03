package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flipped bit at every byte of an {@code .npz} (stored and compressed), and truncation at many lengths: every
 * case loads the exact original, fails with an {@link IOException} naming the file, or (a flip inside an entry's
 * name, which zip does not protect) yields a different key set, which every reader that knows its tensor names
 * rejects. No array is ever silently different.
 */
class NpzCorruptionTest {
  @TempDir
  Path tmp;

  private static Map<String, NpyArray> arrays() {
    SplittableRandom r = new SplittableRandom(1);
    Map<String, NpyArray> m = new LinkedHashMap<>();
    float[] w = new float[60];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    m.put("fc.weight", NpyArray.ofFloats(new int[] {6, 10}, w));
    m.put("fc.bias", NpyArray.ofFloats(new int[] {6}, new float[] {1, -2, 3, -4, 5, -6}));
    return m;
  }

  @Test
  void everyFlippedBitIsCaughtOrHarmless() throws IOException {
    for (boolean compressed : new boolean[] {false, true}) {
      Path file = tmp.resolve(compressed ? "c.npz" : "s.npz");
      Map<String, NpyArray> original = arrays();
      if (compressed) {
        Npz.writeCompressed(file, original);
      } else {
        Npz.write(file, original);
      }
      byte[] bytes = Files.readAllBytes(file);
      int caught = 0;
      int renamed = 0;
      for (int i = 0; i < bytes.length; i++) {
        for (int bit : new int[] {0, 5}) {
          byte[] damaged = bytes.clone();
          damaged[i] ^= (byte) (1 << bit);
          Path f = tmp.resolve("damaged.npz");
          Files.write(f, damaged);
          Map<String, NpyArray> read;
          try {
            read = Npz.read(f);
          } catch (IOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f.toString()),
                "byte " + i + ": the message names the file: " + e.getMessage());
            caught++;
            continue;
          }
          if (!read.keySet().equals(original.keySet())) {
            renamed++;
            continue;
          }
          for (String k : original.keySet()) {
            if (!original.get(k).equals(read.get(k))) {
              fail((compressed ? "compressed" : "stored") + ": bit " + bit + " of byte " + i + " changed '" + k
                  + "' silently");
            }
          }
        }
      }
      assertTrue(caught > bytes.length, "most flips are caught: " + caught + " of " + 2 * bytes.length
          + " (renamed keys: " + renamed + ")");
      for (int len = 0; len < bytes.length; len += 7) {
        Path f = tmp.resolve("truncated.npz");
        byte[] cut = new byte[len];
        System.arraycopy(bytes, 0, cut, 0, len);
        Files.write(f, cut);
        try {
          Map<String, NpyArray> read = Npz.read(f);
          fail("truncated at " + len + " of " + bytes.length + " bytes but read " + read.keySet());
        } catch (IOException e) {
          assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
      }
      assertEquals(original, Npz.read(file));
    }
  }

  @Test
  void aFlipInsideStoredDataNamesTheEntryAndTheCrc() throws IOException {
    Path file = tmp.resolve("w.npz");
    Npz.write(file, arrays());
    byte[] bytes = Files.readAllBytes(file);
    // The last bytes of the first entry's data: inside fc.weight's float payload.
    int at = indexOf(bytes, "fc.bias".getBytes()) - 40;
    bytes[at] ^= 1;
    Files.write(file, bytes);
    CorruptFileException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptFileException.class,
        () -> Npz.read(file));
    assertTrue(e.getMessage().contains("fc.weight.npy") && e.getMessage().contains("CRC-32"), e.getMessage());
    assertArrayEquals(new byte[0], new byte[0]);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** A small archive that inflates to 64 MB, as a "zip bomb" would; the reader is told the array is 4 KB. */
  private Path bomb() throws IOException {
    Path file = tmp.resolve("bomb.npz");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("fc.weight.npy"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return file;
  }

  @Test
  void anEntryLargerThanItsArrayIsRefusedBeforeItIsInflated() throws IOException {
    Path file = bomb();
    assertTrue(Files.size(file) < 200_000, "the archive is small: " + Files.size(file));
    CorruptFileException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptFileException.class,
        () -> Npz.read(file, key -> key.equals("fc.weight") ? 4096 : -1));
    assertTrue(e.getMessage().contains("entry 'fc.weight.npy' inflates to 67108864 bytes than the 4096 the array"
        + " it should hold can take") && e.getMessage().contains("refused before inflating it"), e.getMessage());
    CorruptFileException unexpected = org.junit.jupiter.api.Assertions.assertThrows(CorruptFileException.class,
        () -> Npz.read(file, key -> -1));
    assertTrue(unexpected.getMessage().contains("holds an array 'fc.weight' that is not expected here"),
        unexpected.getMessage());
  }

  @Test
  void anEntryThatLiesAboutItsSizeIsCutAtItsBound() throws IOException {
    // A local header without sizes (data descriptor) and a central directory claiming 100 bytes: the reader must not
    // trust the directory, and must stop inflating at the bound.
    Path file = bomb();
    byte[] bytes = Files.readAllBytes(file);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int cd = -1;
    for (int i = bytes.length - 22; i >= 0; i--) {
      if (b.getInt(i) == 0x02014b50) {
        cd = i;
        break;
      }
    }
    b.putInt(cd + 24, 100); // uncompressed size in the central directory
    Files.write(file, bytes);
    CorruptFileException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptFileException.class,
        () -> Npz.read(file, key -> 4096));
    assertTrue(e.getMessage().contains("fc.weight.npy"), e.getMessage());
  }
}
