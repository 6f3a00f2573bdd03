package dev.sparse4j.api.init;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.SplitMix64;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Deterministic weight initialisation in pure Java: a seed gives bit-identical initial weights on every backend,
 * JVM, run and thread count. Backends compile a {@link ModelSpec} and then load these values instead of using their
 * engine's own (differently seeded) initialisers.
 *
 * <p><b>Rules</b> (the PyTorch defaults of the equivalent model, with Kaiming-normal convolutions as in the CIFAR
 * ResNet reference code):
 *
 * <ul>
 *   <li>conv weight: Kaiming-normal, fan-out, ReLU gain: N(0, 2 / (out·k·k));
 *   <li>conv bias: PyTorch's default, U(−1/√fanIn, 1/√fanIn) with fanIn = in·k·k;
 *   <li>linear weight and bias: PyTorch's default ({@code kaiming_uniform(a=√5)} for the weight), both
 *       U(−1/√in, 1/√in);
 *   <li>batch-norm: weight 1, bias 0, running mean 0, running variance 1 (no random draws).
 * </ul>
 *
 * <p><b>Random streams</b> (part of the contract; will not change within a major version). Each tensor draws from
 * its own {@link SplitMix64} whose initial state is {@code mix64(seed) XOR fnv1a64(utf8(name))} (see
 * {@link #stream(long, String)}; deliberately not {@link SplitMix64#forStream}, which derives mask streams, so a
 * tensor's initial values and its random mask use unrelated streams). Tensors are filled in row-major order.
 * Uniform values are {@code (2·u − 1)·bound} with {@code u = nextDouble()}. Normal values come in Box–Muller pairs:
 * {@code u1 = 1 − nextDouble()}, {@code u2 = nextDouble()}, {@code r = sqrt(−2·ln u1)}, values
 * {@code std·r·cos(2πu2)} then {@code std·r·sin(2πu2)} (the sine is dropped after the last element of an odd-sized
 * tensor), computed with {@link StrictMath}. Everything is computed in double and rounded to float once.
 *
 * <pre>{@code
 * Map<String, float[]> init = WeightInit.initialState(spec, 42L);   // every parameter and buffer, state_dict order
 * float[] w = init.get("conv1.weight");
 * }</pre>
 */
public final class WeightInit {
  private WeightInit() {}

  /**
   * Initial values of every parameter and buffer of {@code spec}, in {@code state_dict} order
   * ({@link ModelSpec#stateTensors()}).
   *
   * @param spec the model
   * @param seed the model seed
   * @return an unmodifiable map from tensor name to fresh row-major values (the arrays belong to the caller)
   */
  public static Map<String, float[]> initialState(ModelSpec spec, long seed) {
    Objects.requireNonNull(spec, "spec");
    Map<String, Layer> owners = owners(spec);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamSpec p : spec.stateTensors()) {
      out.put(p.name(), values(owners.get(ownerPath(p.name())), p, seed));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Initial values of one tensor of {@code spec}, by name.
   *
   * @param spec the model
   * @param tensorName a name from {@link ModelSpec#stateTensors()}, e.g. {@code layer1.0.conv1.weight}
   * @param seed the model seed
   * @return fresh row-major values
   * @throws IllegalArgumentException if the model has no tensor of that name
   */
  public static float[] values(ModelSpec spec, String tensorName, long seed) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(tensorName, "tensorName");
    for (ParamSpec p : spec.stateTensors()) {
      if (p.name().equals(tensorName)) {
        return values(owners(spec).get(ownerPath(tensorName)), p, seed);
      }
    }
    throw new IllegalArgumentException("model " + spec.name() + " has no tensor '" + tensorName
        + "'; use a name from ModelSpec.stateTensors(), e.g. " + spec.stateTensors().get(0).name());
  }

  /**
   * Initial values of one state tensor of {@code layer}.
   *
   * @param layer the layer that owns the tensor (a {@link Conv2d}, {@link Linear} or {@link BatchNorm2d})
   * @param tensor the tensor; the last segment of its name says which one ({@code weight}, {@code bias},
   *     {@code running_mean}, {@code running_var}), and the full name selects the random stream
   * @param seed the model seed
   * @return fresh row-major values
   * @throws IllegalArgumentException if the layer has no parameters, or no tensor of that name and shape
   */
  public static float[] values(Layer layer, ParamSpec tensor, long seed) {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(tensor, "tensor");
    String name = tensor.name();
    String local = name.substring(name.lastIndexOf('.') + 1);
    float[] out = new float[tensor.numel()];
    if (layer instanceof Conv2d c) {
      int k = c.kernelSize();
      int k2 = k * k;
      if (local.equals("weight")) {
        checkShape(layer, tensor, c.outChannels(), c.inChannels(), k, k);
        normal(out, Math.sqrt(2.0 / ((double) c.outChannels() * k2)), stream(seed, name));
      } else if (local.equals("bias") && c.bias()) {
        checkShape(layer, tensor, c.outChannels());
        uniform(out, 1.0 / Math.sqrt((double) c.inChannels() * k2), stream(seed, name));
      } else {
        throw noSuchTensor(layer, tensor, c.bias() ? "weight, bias" : "weight");
      }
    } else if (layer instanceof Linear l) {
      if (local.equals("weight")) {
        checkShape(layer, tensor, l.outFeatures(), l.inFeatures());
      } else if (local.equals("bias") && l.bias()) {
        checkShape(layer, tensor, l.outFeatures());
      } else {
        throw noSuchTensor(layer, tensor, l.bias() ? "weight, bias" : "weight");
      }
      uniform(out, 1.0 / Math.sqrt(l.inFeatures()), stream(seed, name));
    } else if (layer instanceof BatchNorm2d b) {
      switch (local) {
        case "weight", "running_var" -> Arrays.fill(out, 1f);
        case "bias", "running_mean" -> { } // zeros
        default -> throw noSuchTensor(layer, tensor, "weight, bias, running_mean, running_var");
      }
      checkShape(layer, tensor, b.channels());
    } else {
      throw new IllegalArgumentException("no initialisation rule for tensor " + name + ": layer " + layer
          + " has no parameters (only Conv2d, Linear and BatchNorm2d layers own tensors)");
    }
    return out;
  }

  /**
   * {@link #keptValues(Layer, ParamSpec, long, KeptMask)} for the weight of {@code spec} named {@code tensorName}.
   *
   * @throws IllegalArgumentException if the model has no tensor of that name
   */
  public static float[] keptValues(ModelSpec spec, String tensorName, long seed, KeptMask mask) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(tensorName, "tensorName");
    for (ParamSpec p : spec.stateTensors()) {
      if (p.name().equals(tensorName)) {
        return keptValues(owners(spec).get(ownerPath(tensorName)), p, seed, mask);
      }
    }
    throw new IllegalArgumentException("model " + spec.name() + " has no tensor '" + tensorName
        + "'; use a name from ModelSpec.stateTensors(), e.g. " + spec.stateTensors().get(0).name());
  }

  /**
   * Initial values of the kept entries of a weight, without the dense tensor: entry {@code k} of {@code mask}
   * (row by row, columns ascending) gets exactly the value {@link #values(Layer, ParamSpec, long)} gives its
   * position. The streams are read by position ({@link SplitMix64#skip}): a uniform value at row-major position
   * {@code i} is the stream's {@code i}-th draw, a normal one comes from Box–Muller pair {@code i / 2} (its cosine
   * for even {@code i}, its sine for odd). Memory and time are O(kept).
   *
   * @param layer the {@link Conv2d} or {@link Linear} that owns the weight
   * @param tensor the weight
   * @param seed the model seed
   * @param mask the kept positions, of the weight's shape
   * @return the kept values, in the mask's entry order
   * @throws IllegalArgumentException if the tensor is not a conv or linear weight, or the mask's shape differs
   */
  public static float[] keptValues(Layer layer, ParamSpec tensor, long seed, KeptMask mask) {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(tensor, "tensor");
    Objects.requireNonNull(mask, "mask");
    if (!Arrays.equals(mask.shape(), tensor.shape())) {
      throw new IllegalArgumentException("the kept mask of " + tensor.name() + " has shape "
          + ParamSpec.shapeString(mask.shape()) + " but the tensor has " + tensor.shapeString());
    }
    String name = tensor.name();
    boolean weight = name.substring(name.lastIndexOf('.') + 1).equals("weight");
    long base = SplitMix64.mix64(seed) ^ SplitMix64.fnv1a64(name);
    float[] out = new float[mask.kept()];
    int cols = mask.cols();
    if (layer instanceof Linear l && weight) {
      checkShape(layer, tensor, l.outFeatures(), l.inFeatures());
      double bound = 1.0 / Math.sqrt(l.inFeatures());
      for (int r = 0, k = 0; r < mask.rows(); r++) {
        for (int end = mask.rowStart(r + 1); k < end; k++) {
          long i = (long) r * cols + mask.column(k);
          out[k] = (float) ((2 * new SplitMix64(base).skip(i).nextDouble() - 1) * bound);
        }
      }
    } else if (layer instanceof Conv2d c && weight) {
      int kk = c.kernelSize();
      checkShape(layer, tensor, c.outChannels(), c.inChannels(), kk, kk);
      double std = Math.sqrt(2.0 / ((double) c.outChannels() * kk * kk));
      for (int r = 0, k = 0; r < mask.rows(); r++) {
        for (int end = mask.rowStart(r + 1); k < end; k++) {
          long i = (long) r * cols + mask.column(k);
          SplitMix64 rng = new SplitMix64(base).skip(i & ~1L);
          double u1 = 1.0 - rng.nextDouble();
          double u2 = rng.nextDouble();
          double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
          double theta = 2 * StrictMath.PI * u2;
          out[k] = (float) (std * radius * ((i & 1L) == 0 ? StrictMath.cos(theta) : StrictMath.sin(theta)));
        }
      }
    } else {
      throw new IllegalArgumentException("kept values are drawn for conv and linear weights only, not " + name
          + " of " + layer);
    }
    return out;
  }

  /**
   * The random stream of tensor {@code tensorName} under model seed {@code seed}: a {@link SplitMix64} whose state
   * is {@code SplitMix64.mix64(seed) ^ SplitMix64.fnv1a64(tensorName)}.
   */
  public static SplitMix64 stream(long seed, String tensorName) {
    Objects.requireNonNull(tensorName, "tensorName");
    return new SplitMix64(SplitMix64.mix64(seed) ^ SplitMix64.fnv1a64(tensorName));
  }

  /** Fills {@code out} with U(−bound, bound) values {@code (2u − 1)·bound} drawn from {@code rng}. */
  public static void uniform(float[] out, double bound, SplitMix64 rng) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }

  /** Fills {@code out} with N(0, std²) values from Box–Muller pairs drawn from {@code rng} (see the class comment). */
  public static void normal(float[] out, double std, SplitMix64 rng) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = 1.0 - rng.nextDouble(); // in (0, 1], so the logarithm is finite
      double u2 = rng.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double theta = 2 * StrictMath.PI * u2;
      out[i] = (float) (std * r * StrictMath.cos(theta));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (std * r * StrictMath.sin(theta));
      }
    }
  }

  /** Layers that own tensors, by their dotted path. */
  private static Map<String, Layer> owners(ModelSpec spec) {
    Map<String, Layer> owners = new HashMap<>();
    spec.walk((path, layer) -> {
      if (layer instanceof Conv2d || layer instanceof Linear || layer instanceof BatchNorm2d) {
        owners.put(path, layer);
      }
    });
    return owners;
  }

  private static String ownerPath(String tensorName) {
    int dot = tensorName.lastIndexOf('.');
    return dot < 0 ? "" : tensorName.substring(0, dot);
  }

  private static void checkShape(Layer layer, ParamSpec tensor, int... expected) {
    if (!Arrays.equals(tensor.shape(), expected)) {
      throw new IllegalArgumentException("tensor " + tensor.name() + " has shape " + tensor.shapeString() + " but "
          + layer + " needs " + ParamSpec.shapeString(expected) + "; pass the ParamSpec the ModelSpec lists");
    }
  }

  private static IllegalArgumentException noSuchTensor(Layer layer, ParamSpec tensor, String has) {
    return new IllegalArgumentException("no initialisation rule for tensor " + tensor.name() + ": " + layer
        + " owns only " + has);
  }
}
