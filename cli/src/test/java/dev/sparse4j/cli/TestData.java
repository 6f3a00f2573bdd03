package dev.sparse4j.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Writes a small fake data directory in the real formats: Fashion-MNIST IDX .gz files and MNIST digit JSON. */
final class TestData {
  private TestData() {}

  /** {@code train} training and {@code test} test images (label i % 10) and 5 MNIST digits per class. */
  static Path create(Path dir, int train, int test) throws IOException {
    Path fashion = Files.createDirectories(dir.resolve("fashion-mnist"));
    idx(fashion, "train", train, 0);
    idx(fashion, "t10k", test, 1);
    Path digits = Files.createDirectories(dir.resolve("mnist-digits"));
    for (int d = 0; d < 10; d++) {
      StringBuilder sb = new StringBuilder("{\"data\": [");
      for (int i = 0; i < 5 * 784; i++) {
        sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", ((i * 7 + d * 13) % 101) / 100.0));
      }
      Files.writeString(digits.resolve(d + ".json"), sb.append("]}").toString());
    }
    return dir;
  }

  private static void idx(Path dir, String prefix, int n, int salt) throws IOException {
    try (DataOutputStream out = gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < n; i++) {
        int label = i % 10;
        for (int p = 0; p < 784; p++) {
          // Brighter pixels in the label's slice of the image, so the fake model's logits correlate with labels.
          int v = p / 78 == label ? 200 + (p + salt) % 50 : (p * 31 + i * 17 + salt) % 60;
          out.writeByte(v);
        }
      }
    }
    try (DataOutputStream out = gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
      out.writeInt(0x00000801);
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeByte(i % 10);
      }
    }
  }

  private static DataOutputStream gz(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    return new DataOutputStream(new GZIPOutputStream(raw));
  }
}
