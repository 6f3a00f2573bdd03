package dev.sparse4j.api.spi;

import dev.sparse4j.api.ParamSpec;
import java.util.Arrays;

/**
 * Conversions between the SPI's canonical layouts (PyTorch's: OIHW conv weights, {@code [out, in]} linear weights,
 * NCHW activations) and the channels-last layouts of engines such as TensorFlow (HWIO, {@code [in, out]}, NHWC).
 * They apply alike to values, gradients, optimizer state and masks ({@code mask.toFloats()}), so a backend never
 * writes a transpose by hand. Every method returns a new array and leaves its argument alone.
 */
public final class TensorLayouts {
  private TensorLayouts() {}

  /**
   * Transposes a row-major tensor: output axis {@code k} is input axis {@code axes[k]} (numpy's {@code transpose}).
   *
   * @param values row-major values of a tensor of {@code shape}
   * @param shape the input shape
   * @param axes a permutation of {@code 0 … rank−1}
   * @throws IllegalArgumentException if the sizes disagree or {@code axes} is not a permutation
   */
  public static float[] permute(float[] values, int[] shape, int... axes) {
    int rank = shape.length;
    if (axes.length != rank) {
      throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " do not permute a rank-" + rank
          + " shape " + Arrays.toString(shape));
    }
    boolean[] seen = new boolean[rank];
    for (int a : axes) {
      if (a < 0 || a >= rank || seen[a]) {
        throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " are not a permutation of 0.."
            + (rank - 1));
      }
      seen[a] = true;
    }
    long numel = 1;
    for (int d : shape) {
      numel *= d;
    }
    if (numel != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + numel + " values but "
          + values.length + " were given");
    }
    int[] inStrides = new int[rank];
    int stride = 1;
    for (int k = rank - 1; k >= 0; k--) {
      inStrides[k] = stride;
      stride *= shape[k];
    }
    int[] outShape = new int[rank];
    int[] strideOfOut = new int[rank];
    for (int k = 0; k < rank; k++) {
      outShape[k] = shape[axes[k]];
      strideOfOut[k] = inStrides[axes[k]];
    }
    float[] out = new float[values.length];
    int[] index = new int[rank];
    int src = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = values[src];
      // Odometer over the output index; src follows with the input strides.
      for (int k = rank - 1; k >= 0; k--) {
        index[k]++;
        src += strideOfOut[k];
        if (index[k] < outShape[k]) {
          break;
        }
        src -= strideOfOut[k] * outShape[k];
        index[k] = 0;
      }
    }
    return out;
  }

  /** OIHW conv weights (canonical, {@code oihw} is their shape) to HWIO. */
  public static float[] oihwToHwio(float[] values, int[] oihw) {
    return permute(values, checkRank(oihw, 4, "OIHW"), 2, 3, 1, 0);
  }

  /** HWIO conv weights back to OIHW; {@code oihw} is the canonical shape. */
  public static float[] hwioToOihw(float[] values, int[] oihw) {
    checkRank(oihw, 4, "OIHW");
    return permute(values, new int[] {oihw[2], oihw[3], oihw[1], oihw[0]}, 3, 2, 0, 1);
  }

  /** A {@code [out, in]} matrix (canonical, {@code outIn} is its shape) to {@code [in, out]}. */
  public static float[] outInToInOut(float[] values, int[] outIn) {
    return permute(values, checkRank(outIn, 2, "[out, in]"), 1, 0);
  }

  /** An {@code [in, out]} matrix back to {@code [out, in]}; {@code outIn} is the canonical shape. */
  public static float[] inOutToOutIn(float[] values, int[] outIn) {
    checkRank(outIn, 2, "[out, in]");
    return permute(values, new int[] {outIn[1], outIn[0]}, 1, 0);
  }

  /** NCHW activations (canonical, {@code nchw} is their shape) to NHWC. */
  public static float[] nchwToNhwc(float[] values, int[] nchw) {
    return permute(values, checkRank(nchw, 4, "NCHW"), 0, 2, 3, 1);
  }

  /** NHWC activations back to NCHW; {@code nchw} is the canonical shape. */
  public static float[] nhwcToNchw(float[] values, int[] nchw) {
    checkRank(nchw, 4, "NCHW");
    return permute(values, new int[] {nchw[0], nchw[2], nchw[3], nchw[1]}, 0, 3, 1, 2);
  }

  /**
   * A parameter (or its gradient, optimizer state or mask) in the layout of a channels-last engine: conv weights
   * HWIO, linear weights {@code [in, out]}, everything else (rank ≤ 1) unchanged.
   */
  public static float[] toChannelsLast(ParamSpec param, float[] values) {
    return switch (param.shape().length) {
      case 4 -> oihwToHwio(values, param.shape());
      case 2 -> outInToInOut(values, param.shape());
      default -> values.clone();
    };
  }

  /** The inverse of {@link #toChannelsLast}. */
  public static float[] fromChannelsLast(ParamSpec param, float[] values) {
    return switch (param.shape().length) {
      case 4 -> hwioToOihw(values, param.shape());
      case 2 -> inOutToOutIn(values, param.shape());
      default -> values.clone();
    };
  }

  /** The shape of {@code param} in a channels-last engine (HWIO, {@code [in, out]}, or unchanged). */
  public static int[] channelsLastShape(ParamSpec param) {
    int[] s = param.shape();
    return switch (s.length) {
      case 4 -> new int[] {s[2], s[3], s[1], s[0]};
      case 2 -> new int[] {s[1], s[0]};
      default -> s.clone();
    };
  }

  private static int[] checkRank(int[] shape, int rank, String layout) {
    if (shape.length != rank) {
      throw new IllegalArgumentException(layout + " needs a rank-" + rank + " shape, got " + Arrays.toString(shape));
    }
    return shape;
  }
}
