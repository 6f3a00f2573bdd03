package dev.sparse4j.api.model;

/**
 * One node of a {@link ModelSpec}. Each layer has a local {@link #name()} that becomes one segment of its
 * parameters' PyTorch-style names ({@code layer1.0.conv1.weight}); an empty name adds no segment.
 */
public sealed interface Layer
    permits Conv2d, Linear, BatchNorm2d, Relu, MaxPool2d, AvgPool2d, GlobalAvgPool2d, Flatten, Dropout,
        Normalize, Sequential, Residual {

  /** Local module name; empty for a layer that adds no segment to parameter names. */
  String name();

  /** Checks a local name: empty, or letters, digits and underscores without dots. */
  static String checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "layer name '" + name + "' must be empty or letters, digits and '_' (dots are added by nesting)");
    }
    return name;
  }

  /** Checks that {@code value} is positive. */
  static int positive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }
}
