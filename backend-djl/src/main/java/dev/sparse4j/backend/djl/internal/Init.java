package dev.sparse4j.backend.djl.internal;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.Linear;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic weight initialisation in pure Java, so that a seed gives bit-identical initial weights on every
 * backend, every run and every thread count.
 *
 * <ul>
 *   <li>conv weight: Kaiming-normal, fan-out, ReLU gain: N(0, 2 / (out·k·k));
 *   <li>conv bias: PyTorch's default, U(−1/√fanIn, 1/√fanIn) with fanIn = in·k·k;
 *   <li>linear weight and bias: PyTorch's default ({@code kaiming_uniform(a=√5)}), U(−1/√in, 1/√in);
 *   <li>batch-norm: weight 1, bias 0, running mean 0, running variance 1.
 * </ul>
 *
 * <p>Each tensor draws from its own SplitMix64 stream whose state starts at
 * {@code mix64(seed) XOR fnv1a64(utf8(name))}; doubles are {@code (next() >>> 11) · 2^−53}; normals come from
 * Box–Muller pairs ({@code u1 = 1 − nextDouble()}, {@code u2 = nextDouble()}, cosine value first) computed with
 * {@link StrictMath}. Values are computed in double and rounded to float.
 *
 * <p>This belongs in sparse-api so that every backend shares it; it lives here until it moves.
 */
public final class Init {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Init() {}

  /**
   * Initial values of one state tensor.
   *
   * @param layer the layer that owns the tensor
   * @param tensor the tensor (its name's last segment says which one)
   * @param seed the model seed
   * @return row-major values
   */
  public static float[] values(Layer layer, ParamSpec tensor, long seed) {
    int n = tensor.numel();
    String name = tensor.name();
    String local = name.substring(name.lastIndexOf('.') + 1);
    float[] out = new float[n];
    if (layer instanceof Conv2d c) {
      int k2 = c.kernelSize() * c.kernelSize();
      if (tensor.kind() == ParamKind.WEIGHT) {
        normal(out, Math.sqrt(2.0 / ((double) c.outChannels() * k2)), new SplitMix64(seed, name));
      } else {
        uniform(out, 1.0 / Math.sqrt((double) c.inChannels() * k2), new SplitMix64(seed, name));
      }
    } else if (layer instanceof Linear l) {
      uniform(out, 1.0 / Math.sqrt(l.inFeatures()), new SplitMix64(seed, name));
    } else if (layer instanceof BatchNorm2d) {
      if (local.equals("weight") || local.equals("running_var")) {
        java.util.Arrays.fill(out, 1f);
      }
    } else {
      throw new IllegalArgumentException("no initialisation rule for tensor " + name + " of layer " + layer);
    }
    return out;
  }

  private static void uniform(float[] out, double bound, SplitMix64 rng) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }

  private static void normal(float[] out, double std, SplitMix64 rng) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double theta = 2 * StrictMath.PI * u2;
      out[i] = (float) (std * r * StrictMath.cos(theta));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (std * r * StrictMath.sin(theta));
      }
    }
  }

  /** FNV-1a 64-bit hash of the UTF-8 bytes of {@code s}. */
  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The SplitMix64 finaliser. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** SplitMix64 (Steele, Lea, Flood 2014), one stream per (seed, tensor name). */
  static final class SplitMix64 {
    private long state;

    SplitMix64(long seed, String name) {
      state = mix64(seed) ^ fnv1a64(name);
    }

    long nextLong() {
      state += GOLDEN;
      return mix64(state);
    }

    double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }
  }
}
