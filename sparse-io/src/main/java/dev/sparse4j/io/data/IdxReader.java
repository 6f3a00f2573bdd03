package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import dev.sparse4j.io.CorruptFileException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an image file (magic {@code 0x00000803}: count, rows, columns,
 * then one unsigned byte per pixel, row-major) and a label file (magic {@code 0x00000801}: count, then one byte per
 * label), both big-endian, each either raw or gzip-compressed (detected by the gzip magic {@code 1f 8b}).
 *
 * <p>Errors are {@link CorruptFileException}s naming the file and byte offset; for a gzip file the offset is in the
 * decompressed data.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /**
   * Reads an image file and its label file into a dataset of shape {@code [1, rows, cols]}, pixels {@code byte/255}.
   *
   * @param name the dataset's name ({@code fashion-mnist/train})
   * @param numClasses labels must lie in {@code [0, numClasses)}
   * @throws CorruptFileException for a wrong magic, truncated data, trailing data, a label out of range, or image and
   *     label counts that differ
   */
  public static Dataset read(Path images, Path labels, String name, int numClasses) throws IOException {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    }
    Images img = readImages(images);
    int[] lab = readLabels(labels);
    if (lab.length != img.count) {
      throw new CorruptFileException(labels, 4, "label file holds " + lab.length + " labels but image file "
          + images + " holds " + img.count + " images");
    }
    for (int i = 0; i < lab.length; i++) {
      if (lab[i] >= numClasses) {
        throw new CorruptFileException(labels, 8 + i, "label " + lab[i] + " of example " + i + " is outside [0, "
            + numClasses + ")");
      }
    }
    // Held as the file's bytes (pixel = byte/255), a quarter of the memory of floats.
    return Dataset.ofUint8(name, img.pixels, lab, new int[] {1, img.rows, img.cols}, numClasses);
  }

  /**
   * Reads an IDX label file.
   *
   * @return the labels, 0..255
   */
  public static int[] readLabels(Path file) throws IOException {
    try (Source in = Source.open(file)) {
      checkMagic(in, LABELS_MAGIC, "label");
      int count = in.int32("label count");
      if (count < 0) {
        throw in.corrupt(4, "negative label count " + count);
      }
      byte[] b = in.bytes(count, "labels");
      in.expectEnd("the last label");
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        out[i] = b[i] & 0xff;
      }
      return out;
    }
  }

  /** Images as stored: {@code count} images of {@code rows × cols} unsigned bytes. */
  record Images(int count, int rows, int cols, byte[] pixels) {}

  static Images readImages(Path file) throws IOException {
    try (Source in = Source.open(file)) {
      checkMagic(in, IMAGES_MAGIC, "image");
      int count = in.int32("image count");
      int rows = in.int32("row count");
      int cols = in.int32("column count");
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw in.corrupt(4, "invalid image dimensions " + count + " × " + rows + " × " + cols);
      }
      long total = (long) count * rows * cols;
      if (total > Integer.MAX_VALUE - 8) {
        throw in.corrupt(4, count + " images of " + rows + " × " + cols + " pixels are too many to hold in one array");
      }
      byte[] px = in.bytes((int) total, "pixels of " + count + " images of " + rows + " × " + cols);
      in.expectEnd("the last image");
      return new Images(count, rows, cols, px);
    }
  }

  private static void checkMagic(Source in, int expected, String kind) throws IOException {
    int magic = in.int32("magic number");
    if (magic != expected) {
      String hint = "";
      if (magic == IMAGES_MAGIC) {
        hint = " (this is an IDX image file; are images and labels swapped?)";
      } else if (magic == LABELS_MAGIC) {
        hint = " (this is an IDX label file; are images and labels swapped?)";
      }
      throw in.corrupt(0, String.format("not an IDX %s file: magic number 0x%08x, expected 0x%08x%s",
          kind, magic, expected, hint));
    }
  }

  /** A raw or gunzipped stream that counts the bytes read, for error offsets. */
  private static final class Source extends FilterInputStream {
    private final Path file;
    private final boolean gzip;
    private long offset;

    private Source(Path file, InputStream in, boolean gzip) {
      super(in);
      this.file = file;
      this.gzip = gzip;
    }

    static Source open(Path file) throws IOException {
      BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gz = b0 == 0x1f && b1 == 0x8b;
      if (!gz) {
        return new Source(file, raw, false);
      }
      raw.close();
      verifyGzip(file);
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      try {
        return new Source(file, new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16), true);
      } catch (ZipException | EOFException e) {
        raw.close();
        throw new CorruptFileException(file, 0, "gzip header is truncated or corrupt (" + e.getMessage() + ")");
      }
    }

    /**
     * Decompresses the whole file once so that gzip's own CRC-32 and length check runs before any parsing: a
     * damaged or truncated download is then reported as such, not as odd IDX content.
     */
    private static void verifyGzip(Path file) throws IOException {
      long total = 0;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
          total += n;
        }
      } catch (EOFException e) {
        throw new CorruptFileException(file, -1, "is truncated: its gzip stream ends after " + total + " bytes of "
            + "data (" + e.getMessage() + "); install it again (scripts/install-data.sh)");
      } catch (ZipException e) {
        throw new CorruptFileException(file, -1, "fails its gzip integrity check (" + e.getMessage() + ") after "
            + total + " bytes of data: the file is damaged; install it again (scripts/install-data.sh)");
      }
    }

    int int32(String what) throws IOException {
      byte[] b = bytes(4, what);
      return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    byte[] bytes(int n, String what) throws IOException {
      long start = offset;
      byte[] out = new byte[n];
      int got = 0;
      try {
        while (got < n) {
          int r = in.read(out, got, n - got);
          if (r < 0) {
            break;
          }
          got += r;
          offset += r;
        }
      } catch (EOFException | ZipException e) {
        throw corrupt(offset, "gzip data is truncated or corrupt (" + e.getMessage() + ")");
      }
      if (got < n) {
        throw corrupt(offset, "file is truncated: expected " + n + " bytes for the " + what + " from byte " + start
            + ", found only " + got);
      }
      return out;
    }

    void expectEnd(String after) throws IOException {
      int r;
      try {
        r = in.read();
      } catch (EOFException | ZipException e) {
        throw corrupt(offset, "gzip data is truncated or corrupt (" + e.getMessage() + ")");
      }
      if (r >= 0) {
        throw corrupt(offset, "unexpected data after " + after);
      }
    }

    CorruptFileException corrupt(long at, String problem) {
      return new CorruptFileException(file, at, problem + (gzip ? " (offset in the decompressed data)" : ""));
    }
  }
}
