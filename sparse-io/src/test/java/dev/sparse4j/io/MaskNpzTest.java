package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.MaskSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskNpzTest {
  @TempDir Path dir;

  @Test
  void exportsOneBoolArrayPerParameterWithItsShape() throws IOException {
    MaskSet masks = MaskFileTest.masks();
    Path f = dir.resolve("masks.npz");
    MaskNpz.write(f, masks);
    Map<String, NpyArray> arrays = Npz.read(f);
    assertEquals(List.of("conv1.weight", "fc.weight"), List.copyOf(arrays.keySet()));
    NpyArray conv = arrays.get("conv1.weight");
    assertEquals(NpyDtype.BOOL, conv.dtype());
    assertArrayEquals(new int[] {16, 3, 3, 3}, conv.shape());
    assertArrayEquals(masks.get("conv1.weight").toBooleans(), conv.booleans());
    assertEquals(masks, MaskNpz.read(f));
  }

  @Test
  void importsUint8ZeroOne() throws IOException {
    Path f = dir.resolve("u8.npz");
    Npz.write(f, Map.of("fc.weight", NpyArray.ofBytes(new int[] {2, 2}, new byte[] {1, 0, 0, 1})));
    MaskSet m = MaskNpz.read(f);
    assertArrayEquals(new boolean[] {true, false, false, true}, m.get("fc.weight").toBooleans());
    assertArrayEquals(new int[] {2, 2}, m.get("fc.weight").shape());
  }

  @Test
  void rejectsOtherValuesDtypesAndShapes() throws IOException {
    Path f = dir.resolve("bad.npz");
    Map<String, NpyArray> m = new LinkedHashMap<>();
    m.put("ok", NpyArray.ofBooleans(new int[] {1}, new boolean[] {true}));
    m.put("fc.weight", NpyArray.ofBytes(new int[] {3}, new byte[] {0, 2, 1}));
    Npz.write(f, m);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> MaskNpz.read(f));
    assertTrue(e.getMessage().contains("array 'fc.weight' is not a mask") && e.getMessage().contains("is 2"),
        e.getMessage());

    Npz.write(f, Map.of("w", NpyArray.ofFloats(new int[] {2}, new float[] {1, 0})));
    e = assertThrows(CorruptFileException.class, () -> MaskNpz.read(f));
    assertTrue(e.getMessage().contains("array 'w' has dtype '<f4'; a mask must be bool"), e.getMessage());

    Npz.write(f, Map.of("s", NpyArray.ofBooleans(new int[] {0, 3}, new boolean[0])));
    e = assertThrows(CorruptFileException.class, () -> MaskNpz.read(f));
    assertTrue(e.getMessage().contains("array 's' with shape [0, 3] cannot be a mask"), e.getMessage());
  }
}
