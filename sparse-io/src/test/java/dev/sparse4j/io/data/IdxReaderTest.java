package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.io.CorruptFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** Three 2×3 images with pixel values 0, 10, 20, ... and labels 2, 0, 1. */
  static byte[] images() {
    ByteBuffer b = ByteBuffer.allocate(16 + 18);
    b.putInt(0x00000803).putInt(3).putInt(2).putInt(3);
    for (int i = 0; i < 18; i++) {
      b.put((byte) (i == 17 ? 255 : i * 10));
    }
    return b.array();
  }

  static byte[] labels() {
    return ByteBuffer.allocate(8 + 3).putInt(0x00000801).putInt(3).put((byte) 2).put((byte) 0).put((byte) 1).array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void readsRawAndGzipAlike() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      Path img = file("img" + gz, gz ? gzip(images()) : images());
      Path lab = file("lab" + gz, gz ? gzip(labels()) : labels());
      Dataset d = IdxReader.read(img, lab, "toy", 3);
      assertEquals(3, d.size());
      assertArrayEquals(new int[] {1, 2, 3}, d.shape());
      assertArrayEquals(new int[] {2, 0, 1}, d.labels());
      assertTrue(d.isUint8(), "IDX images are held as their bytes");
      assertEquals(0f, d.pixels()[0]);
      assertEquals(10 / 255f, d.pixels()[1]);
      assertEquals(70 / 255f, d.pixels()[7]); // second image, second pixel
      assertEquals(1f, d.pixels()[17]);
      assertEquals("toy", d.name());
    }
  }

  @Test
  void truncatedImagesNameTheOffset() throws IOException {
    Path lab = file("lab", labels());
    byte[] img = images();
    for (int len : new int[] {0, 3, 9, 16, 20, img.length - 1}) {
      for (boolean gz : new boolean[] {false, true}) {
        byte[] cut = Arrays.copyOf(img, len);
        Path f = file("img", gz ? gzip(cut) : cut);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> IdxReader.read(f, lab, "t", 3));
        assertTrue(e.getMessage().contains("truncated"), len + ": " + e.getMessage());
        assertEquals(len, e.offset(), e.getMessage());
        assertEquals(f, e.file());
        assertEquals(gz, e.getMessage().contains("decompressed"), e.getMessage());
      }
    }
  }

  @Test
  void truncatedGzipStreamIsCorrupt() throws IOException {
    Path lab = file("lab", labels());
    byte[] gz = gzip(images());
    for (int len : new int[] {5, 12, gz.length / 2, gz.length - 4, gz.length - 1}) {
      Path f = file("img.gz", Arrays.copyOf(gz, len));
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> IdxReader.read(f, lab, "t", 3));
      assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
    }
  }

  @Test
  void wrongMagicSaysWhichFileIsWhich() throws IOException {
    Path img = file("img", images());
    Path lab = file("lab", labels());
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> IdxReader.read(lab, img, "t", 3));
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("not an IDX image file: magic number 0x00000801, expected 0x00000803")
        && e.getMessage().contains("swapped"), e.getMessage());
    Path junk = file("junk", "<html>not idx</html>".getBytes());
    e = assertThrows(CorruptFileException.class, () -> IdxReader.readLabels(junk));
    assertTrue(e.getMessage().contains("not an IDX label file"), e.getMessage());
  }

  @Test
  void countMismatchIsReported() throws IOException {
    Path img = file("img", images());
    Path lab = file("lab", ByteBuffer.allocate(10).putInt(0x801).putInt(2).put((byte) 1).put((byte) 1).array());
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> IdxReader.read(img, lab, "t", 3));
    assertEquals(lab, e.file());
    assertTrue(e.getMessage().contains("label file holds 2 labels but image file") && e.getMessage().contains("3 images"),
        e.getMessage());
  }

  @Test
  void labelOutOfRangeAndTrailingDataAreReported() throws IOException {
    Path img = file("img", images());
    Path lab = file("lab", labels());
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> IdxReader.read(img, lab, "t", 2));
    assertEquals(8, e.offset());
    assertTrue(e.getMessage().contains("label 2 of example 0 is outside [0, 2)"), e.getMessage());
    byte[] longer = Arrays.copyOf(images(), images().length + 1);
    Path img2 = file("img2", gzip(longer));
    e = assertThrows(CorruptFileException.class, () -> IdxReader.read(img2, lab, "t", 3));
    assertTrue(e.getMessage().contains("unexpected data after the last image"), e.getMessage());
  }
  /**
   * Flipped bytes anywhere in a gzipped label file are reported as a damaged gzip file (its CRC-32 or its deflate
   * data), never as IDX content such as "unexpected data after the last label"; a half-truncated one as truncated.
   */
  @Test
  void damagedGzipFilesAreReportedAsDamagedBeforeParsing() throws IOException {
    byte[] many = new byte[8 + 4000];
    ByteBuffer.wrap(many).putInt(0x00000801).putInt(4000);
    for (int i = 0; i < 4000; i++) {
      many[8 + i] = (byte) (i % 10);
    }
    byte[] gz = gzip(many);
    for (int at = 10; at < gz.length - 8; at += 3) {
      byte[] d = gz.clone();
      for (int k = 0; k < 4 && at + k < gz.length - 8; k++) {
        d[at + k] ^= (byte) 0x5a;
      }
      Path f = file("labels.gz", d);
      try {
        int[] read = IdxReader.readLabels(f);
        // A flip that leaves the stream valid cannot happen with gzip's CRC-32 over the data.
        throw new AssertionError("damage at byte " + at + " was not detected; read " + read.length + " labels");
      } catch (CorruptFileException e) {
        assertTrue(e.getMessage().contains("gzip") && !e.getMessage().contains("after the last label"),
            "byte " + at + ": " + e.getMessage());
      }
    }
    Path half = file("half.gz", Arrays.copyOf(gzip(images()), gzip(images()).length / 2));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> IdxReader.readLabels(half));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }
}
