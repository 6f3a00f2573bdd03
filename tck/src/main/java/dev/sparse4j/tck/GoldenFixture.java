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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The golden fixtures: numbers recorded with PyTorch itself — {@code golden-trajectory.npz} by
 * {@code tck/src/main/python/golden_trajectory.py}, {@code golden-dst.npz} (dynamic sparse training) by
 * {@code golden_dst.py} (see the scripts for what each array is). Keys are {@code <model>/<what>}, e.g.
 * {@code residual/sgd/masked/step4/state/layer1.0.bn2.running_var}. The one-argument methods read the trajectory.
 */
final class GoldenFixture {
  static final String RESOURCE = "golden-trajectory.npz";
  /** The dynamic sparse training fixture. */
  static final String DST = "golden-dst.npz";
  /** Training steps recorded per trajectory. */
  static final int STEPS = 5;
  /** Examples per training batch. */
  static final int BATCH = 8;
  /** Examples of the evaluation batch. */
  static final int EVAL_BATCH = 4;

  private static final Map<String, Map<String, NpyArray>> CACHE = new HashMap<>();

  private GoldenFixture() {}

  /** Every array of the trajectory fixture, read once. */
  static Map<String, NpyArray> arrays() {
    return arrays(RESOURCE);
  }

  /** Every array of fixture {@code resource}, read once. */
  static synchronized Map<String, NpyArray> arrays(String resource) {
    Map<String, NpyArray> cached = CACHE.get(resource);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = GoldenFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the TCK jar lacks its fixture " + resource + "; rebuild dev.sparse4j:tck");
      }
      Path tmp = Files.createTempFile("sparse4j-golden-", ".npz");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Map<String, NpyArray> read = Npz.read(tmp);
        CACHE.put(resource, read);
        return read;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the TCK fixture " + resource, e);
    }
  }

  static NpyArray array(String key) {
    return array(RESOURCE, key);
  }

  static NpyArray array(String resource, String key) {
    NpyArray a = arrays(resource).get(key);
    if (a == null) {
      throw new IllegalStateException("the golden fixture " + resource + " has no array '" + key + "'");
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
    return group(RESOURCE, prefix);
  }

  /** The same in fixture {@code resource}. */
  static Map<String, float[]> group(String resource, String prefix) {
    Map<String, float[]> out = new LinkedHashMap<>();
    arrays(resource).forEach((k, v) -> {
      if (k.startsWith(prefix + "/")) {
        out.put(k.substring(prefix.length() + 1), v.floats());
      }
    });
    if (out.isEmpty()) {
      throw new IllegalStateException("the golden fixture " + resource + " has no arrays under '" + prefix + "/'");
    }
    return out;
  }

  /** The recorded mask of {@code model} (key prefix) for the prunable weights of {@code spec}. */
  static MaskSet masks(String model, ModelSpec spec) {
    return masks(RESOURCE, model + "/mask", spec);
  }

  /** The masks stored under {@code prefix} in fixture {@code resource} (0/1 floats) for the prunable weights. */
  static MaskSet masks(String resource, String prefix, ModelSpec spec) {
    Map<String, Mask> masks = new LinkedHashMap<>();
    for (ParamSpec p : spec.prunable()) {
      float[] m = array(resource, prefix + "/" + p.name()).floats();
      boolean[] keep = new boolean[m.length];
      for (int i = 0; i < m.length; i++) {
        keep[i] = m[i] != 0f;
      }
      masks.put(p.name(), Mask.ofBooleans(p.shape(), keep));
    }
    return MaskSet.of(masks);
  }
}
