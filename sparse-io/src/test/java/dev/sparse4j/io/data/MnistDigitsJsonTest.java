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
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDigitsJsonTest {
  @TempDir Path dir;

  /** {@code images} images whose pixel p of image i is ((digit + i + p) % 5) / 4, as the npm files write numbers. */
  static String digitJson(int digit, int images) {
    StringJoiner j = new StringJoiner(",", "{ \"data\": [", "]}");
    for (int i = 0; i < images; i++) {
      for (int p = 0; p < 784; p++) {
        int v = (digit + i + p) % 5;
        j.add(v == 0 ? "0" : v == 4 ? "1" : Double.toString(v / 4.0));
      }
    }
    return j.toString();
  }

  /** Writes a digits dir where digit d has (d % 3) + 1 images. */
  static Path fixture(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int d = 0; d < 10; d++) {
      Files.writeString(dir.resolve(d + ".json"), digitJson(d, d % 3 + 1));
    }
    return dir;
  }

  @Test
  void readsTenFilesWithTheDigitAsLabel() throws IOException {
    Dataset ds = MnistDigitsJson.read(fixture(dir));
    int expected = 0;
    for (int d = 0; d < 10; d++) {
      expected += d % 3 + 1;
    }
    assertEquals(expected, ds.size());
    assertArrayEquals(new int[] {1, 28, 28}, ds.shape());
    assertEquals(10, ds.numClasses());
    assertArrayEquals(new int[] {0, 1, 1, 2, 2, 2, 3}, java.util.Arrays.copyOf(ds.labels(), 7));
    // Image 1 is digit 1's first image: pixel p = ((1 + 0 + p) % 5) / 4.
    assertEquals(0.25f, ds.pixels()[784]);
    assertEquals(0.5f, ds.pixels()[784 + 1]);
    assertEquals(1f, ds.pixels()[784 + 3]);
    assertEquals(0f, ds.pixels()[784 + 4]);
    // Image 2 is digit 1's second image: pixel 0 = ((1 + 1 + 0) % 5) / 4.
    assertEquals(0.5f, ds.pixels()[2 * 784]);
  }

  @Test
  void loadsFromTheDataDirectorysSubdirectory() throws IOException {
    fixture(dir.resolve("mnist-digits"));
    assertEquals("mnist-digits", MnistDigitsJson.load(dir).name());
  }

  @Test
  void missingFilesAreAllNamed() throws IOException {
    fixture(dir);
    Files.delete(dir.resolve("3.json"));
    Files.delete(dir.resolve("7.json"));
    MissingDataException e = assertThrows(MissingDataException.class, () -> MnistDigitsJson.read(dir));
    assertEquals(2, e.missing().size());
    assertTrue(e.getMessage().contains(dir.resolve("3.json").toString())
        && e.getMessage().contains(dir.resolve("7.json").toString())
        && e.getMessage().contains("scripts/install-data.sh --data-dir"), e.getMessage());
  }

  @Test
  void badContentNamesTheFile() throws IOException {
    fixture(dir);
    Path five = dir.resolve("5.json");
    String[] contents = {
      "{\"data\": [0, 0.5, 1]}",
      "{\"data\": [0, 1.5" + ",0".repeat(782) + "]}",
      "{\"data\": [0, -0.1" + ",0".repeat(782) + "]}",
      "{\"data\": [0, \"x\"]}",
      "{\"data\": [0, 1",
      "{\"other\": [0]}",
      "[0, 1]",
      "{\"data\": []}",
    };
    String[] expected = {
      "holds 3 values, which is not a positive multiple of 784",
      "value 1.5 at index 1 (image 0) is outside [0, 1]",
      "value -0.1 at index 1 (image 0) is outside [0, 1]",
      "element 1 of \"data\" is VALUE_STRING, not a number",
      "not valid JSON",
      "no \"data\" list",
      "expected a JSON object",
      "holds 0 values",
    };
    for (int i = 0; i < contents.length; i++) {
      Files.writeString(five, contents[i]);
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> MnistDigitsJson.read(dir));
      assertEquals(five, e.file());
      assertTrue(e.getMessage().contains(expected[i]), i + ": " + e.getMessage());
    }
  }
}
