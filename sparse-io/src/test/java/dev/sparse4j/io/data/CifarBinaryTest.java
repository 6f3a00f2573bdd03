package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.io.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
  @TempDir Path dir;

  /** {@code n} records; record r has labels {@code labels(r)} and pixel i = (r + i) % 256. */
  static byte[] records(int n, int labelBytes, int firstLabel) {
    int rec = labelBytes + 3072;
    byte[] b = new byte[n * rec];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < labelBytes; j++) {
        b[r * rec + j] = (byte) ((firstLabel + r + j) % (labelBytes == 2 && j == 0 ? 20 : 10));
      }
      for (int i = 0; i < 3072; i++) {
        b[r * rec + labelBytes + i] = (byte) ((r + i) % 256);
      }
    }
    return b;
  }

  private void cifar10(Path d) throws IOException {
    Files.createDirectories(d);
    for (int k = 1; k <= 5; k++) {
      Files.write(d.resolve("data_batch_" + k + ".bin"), records(2, 1, k));
    }
    Files.write(d.resolve("test_batch.bin"), records(3, 1, 7));
  }

  @Test
  void readsCifar10FromTheFilesDirOrItsParent() throws IOException {
    cifar10(dir.resolve("cifar-10-batches-bin"));
    for (Path given : new Path[] {dir, dir.resolve("cifar-10-batches-bin")}) {
      Dataset train = CifarBinary.cifar10(given, Split.TRAIN);
      assertEquals(10, train.size());
      assertArrayEquals(new int[] {3, 32, 32}, train.shape());
      assertArrayEquals(new int[] {1, 2, 2, 3, 3, 4, 4, 5, 5, 6}, train.labels());
      assertEquals(10, train.numClasses());
      // Record 1 of batch 1: pixel i = (1 + i) % 256; channel 1 (green) starts at 1024.
      assertEquals(1 / 255f, train.pixels()[3072]);
      assertEquals(((1 + 1024) % 256) / 255f, train.pixels()[3072 + 1024]);
      assertEquals(1f, train.pixels()[255]);
      Dataset test = CifarBinary.cifar10(given, Split.TEST);
      assertArrayEquals(new int[] {7, 8, 9}, test.labels());
      assertEquals("cifar10/test", test.name());
    }
  }

  @Test
  void readsCifar100FineAndCoarse() throws IOException {
    Path d = Files.createDirectories(dir.resolve("cifar-100-binary"));
    Files.write(d.resolve("train.bin"), records(4, 2, 3));
    Files.write(d.resolve("test.bin"), records(1, 2, 0));
    Dataset fine = CifarBinary.cifar100(dir, Split.TRAIN, CifarBinary.LabelKind.FINE);
    Dataset coarse = CifarBinary.cifar100(dir, Split.TRAIN, CifarBinary.LabelKind.COARSE);
    assertArrayEquals(new int[] {4, 5, 6, 7}, fine.labels());
    assertArrayEquals(new int[] {3, 4, 5, 6}, coarse.labels());
    assertEquals(100, fine.numClasses());
    assertEquals(20, coarse.numClasses());
    assertEquals(2 / 255f, fine.pixels()[3072 * 2]);
    assertEquals(1, CifarBinary.cifar100(d, Split.TEST, CifarBinary.LabelKind.FINE).size());
  }

  @Test
  void truncatedRecordNamesTheOffset() throws IOException {
    cifar10(dir);
    Path f = dir.resolve("data_batch_3.bin");
    Files.write(f, Arrays.copyOf(records(2, 1, 0), 3073 + 100));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> CifarBinary.cifar10(dir, Split.TRAIN));
    assertEquals(f, e.file());
    assertEquals(3073, e.offset());
    assertTrue(e.getMessage().contains("truncated record") && e.getMessage().contains("100 bytes left over"),
        e.getMessage());
  }

  @Test
  void labelOutOfRangeIsCorrupt() throws IOException {
    cifar10(dir);
    byte[] b = records(2, 1, 0);
    b[3073] = 10;
    Files.write(dir.resolve("test_batch.bin"), b);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> CifarBinary.cifar10(dir, Split.TEST));
    assertEquals(3073, e.offset());
    assertTrue(e.getMessage().contains("label 10 of record 1 is outside [0, 10)"), e.getMessage());
  }

  @Test
  void missingFilesSayHowToGetThem() throws IOException {
    MissingDataException e = assertThrows(MissingDataException.class, () -> CifarBinary.cifar10(dir, Split.TRAIN));
    assertEquals(6, e.missing().size(), "the five training batches and the test batch, at once");
    assertTrue(e.getMessage().contains("cifar-10-batches-bin") && e.getMessage().contains("cannot download"),
        e.getMessage());
  }

  @Test
  void aMissingTestBatchIsNamedWhenTheTrainingSetLoads() throws IOException {
    cifar10(dir.resolve("cifar-10-batches-bin"));
    Files.delete(dir.resolve("cifar-10-batches-bin/test_batch.bin"));
    MissingDataException e = assertThrows(MissingDataException.class, () -> CifarBinary.cifar10(dir, Split.TRAIN));
    assertEquals(1, e.missing().size());
    assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
  }
}
