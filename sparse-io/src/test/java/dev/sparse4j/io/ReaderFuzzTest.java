package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.io.data.IdxReader;
import dev.sparse4j.io.data.MnistDigitsJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random damage to valid files of every format sparse4j reads — byte flips, truncations, inserted bytes,
 * huge 32-bit values over size fields, repeated regions — and each damaged file either loads or fails with the
 * project's {@link CorruptFileException} naming the file: never another exception, never an out-of-memory error
 * (the test JVM's heap is the bound).
 */
class ReaderFuzzTest {
  private static final int CASES = 150;

  @TempDir
  Path tmp;

  /** Reads the file; returns normally or throws. */
  private interface Reader {
    void read(Path file) throws IOException;
  }

  private void fuzz(String format, byte[] valid, String fileName, Reader reader) throws IOException {
    Path file = tmp.resolve(fileName);
    Files.write(file, valid);
    reader.read(file); // the undamaged file loads
    SplittableRandom rng = new SplittableRandom(format.hashCode());
    int loaded = 0;
    for (int c = 0; c < CASES; c++) {
      byte[] damaged = mutate(valid, rng);
      Files.write(file, damaged);
      try {
        reader.read(file);
        loaded++;
      } catch (CorruptFileException e) {
        assertTrue(e.getMessage().contains(file.getFileName().toString()), format + " case " + c + ": the message"
            + " names the file: " + e.getMessage());
        assertTrue(e.getMessage().length() < 4000, format + " case " + c + ": a bounded message, got "
            + e.getMessage().length() + " characters");
      } catch (Throwable t) {
        fail(format + " case " + c + " (" + damaged.length + " bytes): expected a CorruptFileException, got " + t, t);
      }
    }
    assertTrue(loaded < CASES, format + ": some damage must be detected");
  }

  private static byte[] mutate(byte[] valid, SplittableRandom rng) {
    byte[] b = valid.clone();
    switch (rng.nextInt(5)) {
      case 0 -> {
        for (int i = 0, n = 1 + rng.nextInt(4); i < n; i++) {
          b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(b, rng.nextInt(b.length));
      }
      case 2 -> {
        int at = rng.nextInt(b.length);
        byte[] extra = new byte[1 + rng.nextInt(16)];
        rng.nextBytes(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.write(extra, 0, extra.length);
        out.write(b, at, b.length - at);
        return out.toByteArray();
      }
      case 3 -> {
        int at = rng.nextInt(Math.max(1, b.length - 4));
        int value = rng.nextBoolean() ? Integer.MAX_VALUE : 0x7f000000 | rng.nextInt(1 << 24);
        ByteBuffer.wrap(b).putInt(Math.min(at, b.length - 4), rng.nextBoolean() ? value : Integer.reverseBytes(value));
        return b;
      }
      default -> {
        int from = rng.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + rng.nextInt(64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, from + len);
        out.write(b, from, len);
        out.write(b, from + len, b.length - from - len);
        return out.toByteArray();
      }
    }
  }

  private static MaskSet masks() {
    SplittableRandom r = new SplittableRandom(1);
    Map<String, Mask> m = new LinkedHashMap<>();
    for (String name : List.of("conv1.weight", "fc.weight")) {
      boolean[] keep = new boolean[name.startsWith("conv") ? 4 * 2 * 9 : 10 * 30];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = r.nextDouble() < 0.3;
      }
      keep[0] = true;
      m.put(name, Mask.ofBooleans(name.startsWith("conv") ? new int[] {4, 2, 3, 3} : new int[] {10, 30}, keep));
    }
    return MaskSet.of(m);
  }

  @Test
  void npzStoredAndDeflated() throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("conv1.weight", NpyArray.ofFloats(new int[] {4, 2, 3, 3}, new float[72]));
    float[] fc = new float[300];
    for (int i = 0; i < fc.length; i++) {
      fc[i] = i % 7 == 0 ? 0 : i / 300f;
    }
    arrays.put("fc.weight", NpyArray.ofFloats(new int[] {10, 30}, fc));
    Path stored = tmp.resolve("stored-source.npz");
    Npz.write(stored, arrays);
    fuzz("npz", Files.readAllBytes(stored), "weights.npz", Npz::read);
    Path deflated = tmp.resolve("deflated-source.npz");
    Npz.writeCompressed(deflated, arrays);
    fuzz("npz-deflated", Files.readAllBytes(deflated), "weights-deflated.npz", Npz::read);
  }

  @Test
  void maskFiles() throws IOException {
    Path s4jm = tmp.resolve("source.s4jm");
    MaskFile.write(s4jm, masks());
    fuzz("s4jm", Files.readAllBytes(s4jm), "masks.s4jm", MaskFile::read);
    Path npz = tmp.resolve("source-masks.npz");
    MaskNpz.write(npz, masks());
    fuzz("masks.npz", Files.readAllBytes(npz), "masks.npz", MaskNpz::read);
  }

  @Test
  void idxImagesAndLabelsRawAndGzipped() throws IOException {
    int n = 20;
    ByteBuffer images = ByteBuffer.allocate(16 + n * 28 * 28).putInt(0x00000803).putInt(n).putInt(28).putInt(28);
    for (int i = 0; i < n * 28 * 28; i++) {
      images.put((byte) (i * 31));
    }
    ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
    for (int i = 0; i < n; i++) {
      labels.put((byte) (i % 10));
    }
    Path labelFile = Files.write(tmp.resolve("labels-idx1-ubyte"), labels.array());
    fuzz("idx-images", images.array(), "images-idx3-ubyte", f -> IdxReader.read(f, labelFile, "fuzz", 10));
    Path imageFile = Files.write(tmp.resolve("images-ok-idx3-ubyte"), images.array());
    fuzz("idx-labels", labels.array(), "labels-fuzz-idx1-ubyte", f -> IdxReader.read(imageFile, f, "fuzz", 10));
    fuzz("idx-gz", gzip(images.array()), "images-idx3-ubyte.gz", f -> IdxReader.read(f, labelFile, "fuzz", 10));
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void mnistDigitsJson() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("digits"));
    for (int d = 0; d < 10; d++) {
      StringBuilder sb = new StringBuilder("{\"data\": [");
      for (int i = 0; i < 784; i++) {
        sb.append(i == 0 ? "" : ", ").append((i * (d + 1)) % 100 / 100.0);
      }
      Files.writeString(dir.resolve(d + ".json"), sb.append("]}").toString());
    }
    byte[] valid = Files.readAllBytes(dir.resolve("3.json"));
    fuzz("digits-json", valid, "digits/3.json", f -> MnistDigitsJson.read(f.getParent()));
  }
}
