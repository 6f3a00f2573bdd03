package dev.sparse4j.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, shape and kind of one parameter tensor. Names follow PyTorch {@code state_dict} naming
 * ({@code conv1.weight}, {@code layer2.0.shortcut.0.weight}, {@code fc.weight}).
 *
 * @param name stable hierarchical name, never a backend id
 * @param shape dimensions, outermost first (conv weights are {@code [out, in, kh, kw]}, linear {@code [out, in]})
 * @param kind the parameter's role
 */
public record ParamSpec(String name, int[] shape, ParamKind kind) {

  /** Validates and defensively copies the shape. */
  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isBlank()) {
      throw new IllegalArgumentException("parameter name must not be blank");
    }
    shape = Objects.requireNonNull(shape, "shape").clone();
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "parameter " + name + " has non-positive dimension in shape " + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("parameter " + name + " of shape " + Arrays.toString(shape)
            + " has more than " + Long.MAX_VALUE + " elements");
      }
    }
    if (shape.length > 0 && n / shape[0] > Integer.MAX_VALUE) {
      // A row (one output unit or filter) must fit one array even where only kept entries are held.
      throw new IllegalArgumentException("parameter " + name + " of shape " + Arrays.toString(shape) + " has "
          + n / shape[0] + " elements per row; at most " + Integer.MAX_VALUE + " are supported");
    }
  }

  /** Shorthand for {@code new ParamSpec(name, shape, kind)}. */
  public static ParamSpec of(String name, ParamKind kind, int... shape) {
    return new ParamSpec(name, shape, kind);
  }

  /** A copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code i}. */
  public int dim(int i) {
    return shape[i];
  }

  /**
   * Number of elements, for a tensor that a dense Java array can hold.
   *
   * @throws IllegalStateException if the tensor has more than {@link Integer#MAX_VALUE} elements (use
   *     {@link #size()}; only a backend that holds kept entries, see {@code Capability.KEPT_ENTRIES}, can hold it)
   */
  public int numel() {
    long n = size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, "tensor %s (%s) has %,d elements, more"
          + " than one dense Java array holds (%,d): only its kept entries can be held (train with --kept-entries"
          + " on a backend with the KEPT_ENTRIES capability, e.g. sparse-cpu)", name, shapeString(), n,
          Integer.MAX_VALUE));
    }
    return (int) n;
  }

  /** Number of elements as a {@code long}: defined for every tensor, including those too large to be dense. */
  public long size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Whether a dense Java array can hold the tensor ({@link #size()} ≤ {@link Integer#MAX_VALUE}). */
  public boolean fitsDense() {
    return size() <= Integer.MAX_VALUE;
  }

  /** True for conv and linear weights (kind {@link ParamKind#WEIGHT}, rank ≥ 2): the only masked tensors. */
  public boolean prunable() {
    return kind == ParamKind.WEIGHT && shape.length >= 2;
  }

  /** The shape as {@code 16x3x3x3}. */
  public String shapeString() {
    return shapeString(shape);
  }

  /** Formats a shape as {@code 16x3x3x3}. */
  public static String shapeString(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append('x');
      }
      sb.append(shape[i]);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamSpec p
        && name.equals(p.name)
        && kind == p.kind
        && Arrays.equals(shape, p.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return name + "[" + shapeString() + "," + kind + "]";
  }
}
