package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads the REAL datasets from the data directory ({@code -Dsparse4j.data}, {@code SPARSE4J_DATA} or
 * {@code ~/.sparse4j/data}). Without them the tests are skipped with the install command, except on CI
 * ({@code CI=true}), where missing data is a failure.
 */
class RealDataTest {

  private static DataDirectory requireData(boolean fashion) {
    DataDirectory dir = DataDirectory.resolve();
    List<java.nio.file.Path> missing = fashion ? dir.missingFashionMnist() : dir.missingMnistDigits();
    if (!missing.isEmpty()) {
      String msg = "real data missing: " + missing + ". Install it with: " + dir.installCommand()
          + " (data directory from " + dir.source() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg);
      }
      Assumptions.abort(msg);
    }
    return dir;
  }

  @Test
  void fashionMnistHas60000TrainAnd10000TestImages() throws IOException {
    DataDirectory dir = requireData(true);
    Dataset train = FashionMnist.load(dir, Split.TRAIN);
    assertEquals(60_000, train.size());
    assertArrayEquals(new int[] {1, 28, 28}, train.shape());
    // Values looked up independently with numpy in the Debian package's files: the first training image is an
    // ankle boot (label 9) whose pixel (14, 14) is 217 and whose 784 pixels sum to 76247.
    assertEquals(9, train.labels()[0]);
    assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, java.util.Arrays.copyOf(train.labels(), 10));
    assertEquals(217 / 255f, train.pixels()[14 * 28 + 14]);
    double sum = 0;
    for (int i = 0; i < 784; i++) {
      sum += Math.round(train.pixels()[i] * 255f);
    }
    assertEquals(76247, sum);
    int[] counts = Datasets.classCounts(train);
    for (int c : counts) {
      assertEquals(6000, c);
    }
    Dataset test = FashionMnist.load(dir, Split.TEST);
    assertEquals(10_000, test.size());
    assertEquals(9, test.labels()[0]);
    assertEquals(110 / 255f, test.pixels()[14 * 28 + 14]);
    // Known Fashion-MNIST training statistics (mean 0.2860, std 0.3530).
    assertEquals(0.2860, Datasets.channelMean(train)[0], 1e-4);
    assertEquals(0.3530, Datasets.channelStd(train)[0], 1e-4);
  }

  @Test
  void mnistDigitsHold10000Images() throws IOException {
    DataDirectory dir = requireData(false);
    Dataset d = MnistDigitsJson.load(dir);
    assertEquals(10_000, d.size());
    assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, Datasets.classCounts(d));
    // The first image of 0.json has the values 0.2, 0.624, 0.992 at positions 127..129, its first non-zero
    // pixels (looked up in the file with Python's json module).
    assertEquals(0f, d.pixels()[126]);
    assertEquals(0.2f, d.pixels()[127]);
    assertEquals(0.624f, d.pixels()[128]);
    assertEquals(0.992f, d.pixels()[129]);
  }

  /** A flipped digit in the real JSON (no checksum of its own) fails with the file named, never loads silently. */
  @Test
  void aDamagedDigitsFileIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
    DataDirectory dir = requireData(false);
    java.nio.file.Path source = dir.path().resolve(MnistDigitsJson.DIR);
    java.nio.file.Path copy = java.nio.file.Files.createDirectories(tmp.resolve(MnistDigitsJson.DIR));
    for (String f : MnistDigitsJson.FILES) {
      java.nio.file.Files.copy(source.resolve(f), copy.resolve(f));
    }
    String three = java.nio.file.Files.readString(copy.resolve("3.json"));
    int at = three.indexOf("0.992");
    java.nio.file.Files.writeString(copy.resolve("3.json"), three.substring(0, at) + "0.892" + three.substring(at + 5));
    dev.sparse4j.io.CorruptFileException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.sparse4j.io.CorruptFileException.class, () -> MnistDigitsJson.read(copy));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("3.json")
        && e.getMessage().contains("SHA-256"), e.getMessage());
  }
}
