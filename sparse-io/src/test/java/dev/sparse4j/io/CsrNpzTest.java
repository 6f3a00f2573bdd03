package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.KeptMask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSR weight files against SciPy: the fixtures in {@code src/test/resources/csr} were written by SciPy 1.17 with
 * {@code scipy.sparse.save_npz} of the 3×4 float32 matrix {@code [[0, 1.5, 0, 2], [0, 0, 0, 0], [3, 0, 0, 0]]}, as
 * CSR and as COO.
 */
class CsrNpzTest {
  private static final KeptMask MASK = KeptMask.of(new int[] {3, 4}, new int[] {0, 2, 2, 3}, new int[] {1, 3, 0});

  @Test
  void readsWhatSciPyWrites() throws Exception {
    CsrNpz.Contents c = CsrNpz.read(fixture("scipy-csr.npz"));
    assertEquals(MASK, c.mask());
    assertArrayEquals(new float[] {1.5f, 2f, 3f}, c.values());
  }

  @Test
  void writesSciPysKeysAndTypes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fc.weight.npz");
    CsrNpz.write(file, MASK, new float[] {1.5f, 2f, 3f});
    Map<String, NpyArray> a = Npz.read(file);
    assertEquals(List.of("indices", "indptr", "format", "shape", "data", "tensor_shape"), List.copyOf(a.keySet()));
    Map<String, NpyArray> scipy = Npz.read(fixture("scipy-csr.npz"));
    for (String key : List.of("indices", "indptr", "format", "shape", "data")) {
      assertEquals(scipy.get(key), a.get(key), key); // same dtype, shape and bytes as SciPy's own file
    }
    assertEquals("csr", new String(a.get("format").data(), StandardCharsets.US_ASCII));
    assertEquals(MASK, CsrNpz.read(file).mask());
  }

  @Test
  void aConvolutionKeepsItsOwnShape(@TempDir Path dir) throws Exception {
    KeptMask conv = KeptMask.dense(2, 1, 3, 3);
    Path file = dir.resolve("conv.weight.npz");
    float[] values = new float[18];
    values[17] = 7f;
    CsrNpz.write(file, conv, values);
    CsrNpz.Contents c = CsrNpz.read(file);
    assertArrayEquals(new int[] {2, 1, 3, 3}, c.mask().shape());
    assertArrayEquals(values, c.values());
    assertArrayEquals(new long[] {2, 9}, Npz.read(file).get("shape").longs());
  }

  @Test
  void otherFilesAreRefusedSayingWhatTheyHold(@TempDir Path dir) throws Exception {
    CorruptFileException coo = assertThrows(CorruptFileException.class, () -> CsrNpz.read(fixture("scipy-coo.npz")));
    assertTrue(coo.getMessage().contains("no 'indices' array"), coo.getMessage());
    Path weights = dir.resolve("weights.npz");
    Npz.write(weights, Map.of("fc.weight", NpyArray.ofFloats(new int[] {1}, new float[] {1f})));
    CorruptFileException plain = assertThrows(CorruptFileException.class, () -> CsrNpz.read(weights));
    assertTrue(plain.getMessage().contains("expected those of scipy.sparse.save_npz"), plain.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> CsrNpz.write(dir.resolve("x.npz"), MASK, new float[2]));
    assertTrue(count.getMessage().contains("2 values for a mask that keeps 3"), count.getMessage());
    Path broken = dir.resolve("broken.npz");
    Map<String, NpyArray> a = new java.util.LinkedHashMap<>(Npz.read(fixture("scipy-csr.npz")));
    a.put("indices", NpyArray.ofInts(new int[] {3}, new int[] {1, 9, 0}));
    Npz.write(broken, a);
    CorruptFileException bad = assertThrows(CorruptFileException.class, () -> CsrNpz.read(broken));
    assertTrue(bad.getMessage().contains("not a valid CSR matrix") && bad.getMessage().contains("column 9"),
        bad.getMessage());
    assertTrue(Files.exists(fixture("scipy-csr.npz")));
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(CsrNpzTest.class.getResource("/csr/" + name).toURI());
  }
}
