package dev.sparse4j.tck;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The golden trajectory fixture, {@code golden-trajectory.npz}: numbers recorded with PyTorch itself by
 * {@code tck/src/main/python/golden_trajectory.py} (see that script for what each array is). Keys are
 * {@code <model>/<what>}, e.g. {@code residual/sgd/masked/step4/state/layer1.0.bn2.running_var}.
 */
final class GoldenFixture {
  static final String RESOURCE = "golden-trajectory.npz";
  /** Training steps recorded per trajectory. */
  static final int STEPS = 5;
  /** Examples per training batch. */
  static final int BATCH = 8;
  /** Examples of the evaluation batch. */
  static final int EVAL_BATCH = 4;

  private static Map<String, NpyArray> arrays;

  private GoldenFixture() {}

  /** Every array of the fixture, read once. */
  static synchronized Map<String, NpyArray> arrays() {
    if (arrays == null) {
      try (InputStream in = GoldenFixture.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the TCK jar lacks its fixture " + RESOURCE + "; rebuild dev.sparse4j:tck");
        }
        Path tmp = Files.createTempFile("sparse4j-golden-", ".npz");
        try {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          arrays = Npz.read(tmp);
        } finally {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TCK fixture " + RESOURCE, e);
      }
    }
    return arrays;
  }

  static NpyArray array(String key) {
    NpyArray a = arrays().get(key);
    if (a == null) {
      throw new IllegalStateException("the golden trajectory has no array '" + key + "'");
    }
    return a;
  }

  static float[] floats(String key) {
    return array(key).floats();
  }

  static int[] ints(String key) {
    return array(key).ints();
  }

  /** Every array under {@code prefix + "/"}, keyed by the rest of its name, in the archive's order. */
  static Map<String, float[]> group(String prefix) {
    Map<String, float[]> out = new LinkedHashMap<>();
    arrays().forEach((k, v) -> {
      if (k.startsWith(prefix + "/")) {
        out.put(k.substring(prefix.length() + 1), v.floats());
      }
    });
    if (out.isEmpty()) {
      throw new IllegalStateException("the golden trajectory has no arrays under '" + prefix + "/'");
    }
    return out;
  }

  /** The recorded mask of {@code model} (key prefix) for the prunable weights of {@code spec}. */
  static MaskSet masks(String model, ModelSpec spec) {
    Map<String, Mask> masks = new LinkedHashMap<>();
    for (ParamSpec p : spec.prunable()) {
      float[] m = floats(model + "/mask/" + p.name());
      boolean[] keep = new boolean[m.length];
      for (int i = 0; i < m.length; i++) {
        keep[i] = m[i] != 0f;
      }
      masks.put(p.name(), Mask.ofBooleans(p.shape(), keep));
    }
    return MaskSet.of(masks);
  }
}
