package dev.sparse4j.api.spi;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The argument checks of {@link AbstractSparseModel}, with the messages every backend shares. */
final class ModelArguments {
  private ModelArguments() {}

  static void checkTemperature(double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
    }
  }

  static void checkInputs(ModelSpec spec, float[] inputs, int batchSize) {
    Objects.requireNonNull(inputs, "inputs");
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    int inputSize = spec.inputSize();
    if ((long) batchSize * inputSize != inputs.length) {
      throw new IllegalArgumentException("inputs have " + inputs.length + " values but batch " + batchSize
          + " × input size " + inputSize + " (shape " + ParamSpec.shapeString(spec.inputShape()) + ") = "
          + (long) batchSize * inputSize + " are needed");
    }
  }

  static void checkLabels(ModelSpec spec, int[] labels, int batchSize) {
    Objects.requireNonNull(labels, "labels");
    if (labels.length != batchSize) {
      throw new IllegalArgumentException("got " + labels.length + " labels for a batch of " + batchSize);
    }
    int numClasses = spec.numClasses();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside [0, " + numClasses
            + ") for model " + spec.name());
      }
    }
  }

  /** Checks a state for {@code loadState}: every tensor of the model, each with its size, and nothing else. */
  static void checkState(Map<String, float[]> state, Map<String, ParamSpec> specs, String model) {
    for (String key : state.keySet()) {
      if (!specs.containsKey(key)) {
        throw new IllegalArgumentException("state has an unknown tensor '" + key + "'; model " + model
            + " has: " + abbreviate(specs.keySet()));
      }
    }
    for (ParamSpec p : specs.values()) {
      float[] v = state.get(p.name());
      if (v == null) {
        throw new IllegalArgumentException("state is missing tensor '" + p.name() + "' (shape " + p.shapeString()
            + "); a state must hold every parameter and buffer of model " + model);
      }
      if (v.length != p.numel()) {
        throw new IllegalArgumentException("tensor '" + p.name() + "' has " + v.length + " values but shape "
            + p.shapeString() + " needs " + p.numel());
      }
    }
  }

  /** Checks the mask of {@code name}, whose spec {@code p} is null for a name the model does not have. */
  static void checkMask(String name, Mask mask, ParamSpec p, ModelSpec spec) {
    if (p == null) {
      throw new IllegalArgumentException("mask for unknown parameter '" + name + "'; prunable parameters of model "
          + spec.name() + ": " + abbreviate(spec.prunable().stream().map(ParamSpec::name).toList()));
    }
    if (!p.prunable()) {
      throw new IllegalArgumentException("parameter '" + name + "' (" + p.kind() + ", shape " + p.shapeString()
          + ") is not prunable; only conv and linear weights can be masked");
    }
    if (!Arrays.equals(mask.shape(), p.shape())) {
      throw new IllegalArgumentException("mask for '" + name + "' has shape "
          + ParamSpec.shapeString(mask.shape()) + " but the parameter has shape " + p.shapeString());
    }
  }

  /**
   * Checks a state for {@code loadOptimizerState} against the optimizer's entries and returns its step count.
   *
   * @param entries the entries {@code setOptimizer} named, with the parameter each belongs to
   */
  static long optimizerSteps(Map<String, float[]> state, Map<String, ParamSpec> entries, OptimizerConfig.Kind kind) {
    return optimizerSteps(state, entries, kind, key -> entries.get(key).numel());
  }

  /** {@link #optimizerSteps(Map, Map, OptimizerConfig.Kind)} with each entry's length given by {@code sizeOf}. */
  static long optimizerSteps(Map<String, float[]> state, Map<String, ParamSpec> entries, OptimizerConfig.Kind kind,
      java.util.function.ToLongFunction<String> sizeOf) {
    Set<String> expected = new LinkedHashSet<>(entries.keySet());
    expected.add(AbstractSparseModel.STEP);
    for (String key : state.keySet()) {
      if (!expected.contains(key)) {
        throw new IllegalArgumentException("optimizer state has an unknown entry '" + key + "' for a "
            + kind + " optimizer; expected: " + abbreviate(expected));
      }
    }
    for (String key : expected) {
      float[] v = state.get(key);
      if (v == null) {
        throw new IllegalArgumentException("optimizer state is missing entry '" + key + "' (the state must come from a "
            + kind + " optimizer with the same settings)");
      }
      long n = key.equals(AbstractSparseModel.STEP) ? 1 : sizeOf.applyAsLong(key);
      if (v.length != n) {
        throw new IllegalArgumentException("optimizer state entry '" + key + "' has " + v.length + " values but needs "
            + n);
      }
    }
    float s = state.get(AbstractSparseModel.STEP)[0];
    if (!(s >= 0) || s != Math.rint(s)) {
      throw new IllegalArgumentException("optimizer state 'step' must be a whole number ≥ 0, got " + s);
    }
    return (long) s;
  }

  /** Checks the vector of a Hessian-vector product: trainable names only, each sized like its parameter. */
  static void checkVector(Map<String, float[]> vector, List<String> trainable, Map<String, ParamSpec> specs,
      String model) {
    vector.forEach((name, v) -> {
      if (!trainable.contains(name)) {
        throw new IllegalArgumentException("the vector names '" + name + "', which is not a trainable parameter of "
            + "model " + model + "; trainable parameters: " + abbreviate(trainable));
      }
      ParamSpec p = specs.get(name);
      if (v.length != p.numel()) {
        throw new IllegalArgumentException("the vector for '" + name + "' has " + v.length + " values but shape "
            + p.shapeString() + " needs " + p.numel());
      }
    });
  }

  static float[] masked(float[] values, Mask mask) {
    float[] out = values.clone();
    mask.apply(out);
    return out;
  }

  /** The first 12 names, then how many more. */
  static String abbreviate(Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    if (list.size() <= 12) {
      return list.toString();
    }
    return list.subList(0, 12) + " and " + (list.size() - 12) + " more";
  }
}
