package dev.sparse4j.io;

import dev.sparse4j.api.Densities;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a mask file records about one masked parameter.
 *
 * @param name parameter name ({@code conv1.weight})
 * @param shape the parameter's shape
 * @param kind the parameter's kind
 * @param targetDensity the density the allocator planned for it, in [0, 1]
 * @param kept number of kept positions in its mask
 */
public record MaskLayerInfo(String name, int[] shape, ParamKind kind, double targetDensity, int kept) {

  /** Validates and copies the shape. */
  public MaskLayerInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape of " + name);
    Objects.requireNonNull(kind, "kind of " + name);
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("layer " + name + " has a non-positive dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (shape.length == 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("layer " + name + " has an unsupported shape " + Arrays.toString(shape));
    }
    Densities.checkFraction("target density of " + name, targetDensity);
    if (kept < 0 || kept > n) {
      throw new IllegalArgumentException("kept count of " + name + " must be in [0, " + n + "], got " + kept);
    }
  }

  /** The entry of a parameter with a planned density and a kept count. */
  public static MaskLayerInfo of(ParamSpec param, double targetDensity, int kept) {
    return new MaskLayerInfo(param.name(), param.shape(), param.kind(), targetDensity, kept);
  }

  /** A copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of positions. */
  public int numel() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code kept / numel}. */
  public double achievedDensity() {
    return (double) kept / numel();
  }

  /** The same entry with another kept count. */
  public MaskLayerInfo withKept(int newKept) {
    return new MaskLayerInfo(name, shape, kind, targetDensity, newKept);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskLayerInfo l && name.equals(l.name) && Arrays.equals(shape, l.shape) && kind == l.kind
        && Double.compare(targetDensity, l.targetDensity) == 0 && kept == l.kept;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), kind, targetDensity, kept);
  }

  @Override
  public String toString() {
    return name + "[" + ParamSpec.shapeString(shape) + ", " + kind + ", target " + targetDensity + ", kept " + kept + "]";
  }
}
