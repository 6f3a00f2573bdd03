package dev.sparse4j.io;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports a {@link MaskSet} to NumPy {@code .npz} and imports it back: one {@code bool} array per parameter name,
 * shape preserved, so {@code numpy.load("masks.npz")["conv1.weight"].shape == (16, 3, 3, 3)} and
 * {@code torch.from_numpy(...)} gives a PyTorch mask.
 */
public final class MaskNpz {
  private MaskNpz() {}

  /** One {@code '|b1'} array per mask, in order. */
  public static Map<String, NpyArray> toArrays(MaskSet masks) {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    masks.asMap().forEach((name, m) -> out.put(name, NpyArray.ofBooleans(m.shape(), m.toBooleans())));
    return out;
  }

  /** Writes {@code masks} as a compressed {@code .npz} (sparse masks deflate well), atomically. */
  public static void write(Path file, MaskSet masks) throws IOException {
    Npz.writeCompressed(file, toArrays(masks));
  }

  /**
   * Reads masks from an {@code .npz}: every array must be {@code bool}, or {@code uint8} holding only 0 and 1, of
   * rank ≥ 1 with positive dimensions.
   *
   * @throws CorruptFileException naming the array if one is of another dtype, holds another value or has a bad shape
   */
  public static MaskSet read(Path file) throws IOException {
    Map<String, Mask> masks = new LinkedHashMap<>();
    for (Map.Entry<String, NpyArray> e : Npz.read(file).entrySet()) {
      String name = e.getKey();
      NpyArray a = e.getValue();
      if (a.dtype() != NpyDtype.BOOL && a.dtype() != NpyDtype.UINT8) {
        throw new CorruptFileException(file, -1, "array '" + name + "' has dtype '" + a.dtype().descr()
            + "'; a mask must be bool ('|b1') or uint8 holding 0 and 1");
      }
      boolean[] keep;
      try {
        keep = a.booleans();
      } catch (IllegalStateException ex) {
        throw new CorruptFileException(file, -1, "array '" + name + "' is not a mask: " + ex.getMessage());
      }
      try {
        masks.put(name, Mask.ofBooleans(a.shape(), keep));
      } catch (IllegalArgumentException ex) {
        throw new CorruptFileException(file, -1, "array '" + name + "' with shape " + Arrays.toString(a.shape())
            + " cannot be a mask: " + ex.getMessage());
      }
    }
    return MaskSet.of(masks);
  }
}
