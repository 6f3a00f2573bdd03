package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.backend.sparse.internal.Kernels.Rows;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The vector kernel family ({@link VectorKernels}): activations in groups of examples with the batch innermost.
 * A spatial activation is, per group of {@code lanes} examples, {@code [C][H+2B][W+2B][lanes]} with a zero border
 * of {@code B} (the model's largest convolution padding), so convolutions read padded inputs without bounds tests;
 * a flat one is, per group of {@code width} examples (1, 2 or 4 vectors), {@code [F][width]}. Examples past the
 * batch in the last group are padding: computed, never returned.
 */
final class PackedOps implements OpSet<PackedOps.PAct> {
  /**
   * Activations of {@code batch} examples in {@code groups} groups of {@code width} examples; spatial when
   * {@code shape} is {@code [C, H, W]} (then {@code width} is the vector length and the plane has the border).
   */
  record PAct(float[] v, int batch, int groups, int width, int[] shape) {
    boolean spatial() {
      return shape.length == 3;
    }
  }

  private final int lanes;
  private final int border;

  /** Sizes of a spatial activation in this layout: channels, plane, padded plane, floats per group. */
  private record Plane(int c, int h, int w, int hp, int wp, int per, int border, int lanes) {
    /** Index of example lane 0 at row {@code i}, column 0 of channel {@code ch} in group {@code g}. */
    int row(int g, int ch, int i) {
      return g * per + ((ch * hp + i + border) * wp + border) * lanes;
    }
  }

  private Plane plane(int[] shape) {
    int hp = shape[1] + 2 * border;
    int wp = shape[2] + 2 * border;
    return new Plane(shape[0], shape[1], shape[2], hp, wp, shape[0] * hp * wp * lanes, border, lanes);
  }

  /**
   * @param border zero border kept around every spatial activation: the largest convolution padding of the model
   */
  PackedOps(int border) {
    this.lanes = VectorKernels.LANES;
    this.border = border;
  }

  /** Examples per vector. */
  int lanes() {
    return lanes;
  }

  /** Vectors per flat group for {@code panels} vectors' worth of examples: 1, 2 or 4. */
  private static int vectorsFor(int panels) {
    return panels >= 4 ? 4 : panels >= 2 ? 2 : 1;
  }

  /**
   * Examples {@code from … to−1} of {@code in} ({@code [batch, shape...]}, example-major) in this layout, into an
   * array of {@code run}'s buffers.
   */
  PAct pack(float[] in, int from, int to, int[] shape, Run run) {
    int batch = to - from;
    if (shape.length == 3) {
      Plane pl = plane(shape);
      int groups = (batch + lanes - 1) / lanes;
      float[] v = take(run, groups * pl.per(), groups, lanes, shape);
      for (int b = 0; b < batch; b++) {
        int src = (from + b) * pl.c() * pl.h() * pl.w();
        for (int ch = 0; ch < pl.c(); ch++) {
          for (int i = 0; i < pl.h(); i++) {
            int row = pl.row(b / lanes, ch, i) + b % lanes;
            for (int j = 0; j < pl.w(); j++) {
              v[row + j * lanes] = in[src++];
            }
          }
        }
      }
      return new PAct(v, batch, groups, lanes, shape.clone());
    }
    int f = 1;
    for (int d : shape) {
      f *= d;
    }
    int width = vectorsFor((batch + lanes - 1) / lanes) * lanes;
    int groups = (batch + width - 1) / width;
    float[] v = take(run, groups * f * width, groups, width, new int[] {f});
    for (int b = 0; b < batch; b++) {
      int dst = (b / width) * f * width + b % width;
      for (int k = 0; k < f; k++) {
        v[dst + k * width] = in[(from + b) * f + k];
      }
    }
    return new PAct(v, batch, groups, width, new int[] {f});
  }

  /** A flat activation back to {@code [batch, features]}, into {@code out} from example {@code at}. */
  static void unpack(PAct x, float[] out, int at) {
    if (x.spatial()) {
      throw new IllegalStateException("the model ends in a spatial activation " + java.util.Arrays.toString(x.shape())
          + "; logits need a flat one (end the model with Flatten/GlobalAvgPool2d and Linear)");
    }
    int f = x.shape()[0];
    int width = x.width();
    for (int b = 0; b < x.batch(); b++) {
      int src = (b / width) * f * width + b % width;
      for (int k = 0; k < f; k++) {
        out[(at + b) * f + k] = x.v()[src + k * width];
      }
    }
  }

  /** Where each kept weight and output position of a convolution sits in the padded layout, for one input size. */
  private record ConvGeometry(int cin, int h, int w, int oh, int ow, int[] offs, int[] inBase, int[] outPos) {}

  @Override
  public Op<PAct> conv(int k, int stride, int pad, int cout, Rows rows, float[] bias, boolean relu) {
    if (pad > border) {
      throw new IllegalStateException("padding " + pad + " exceeds the plan's border " + border);
    }
    return new ConvOp(k, stride, pad, cout, Csr.of(rows), bias, relu);
  }

  /** A convolution; {@link #residual} also runs it with the block's residual added before the ReLU. */
  private final class ConvOp implements Op<PAct> {
    private final int k;
    private final int stride;
    private final int pad;
    private final int cout;
    private final Csr csr;
    private final float[] bias;
    private final boolean relu;
    private volatile ConvGeometry geometry;

    ConvOp(int k, int stride, int pad, int cout, Csr csr, float[] bias, boolean relu) {
      this.k = k;
      this.stride = stride;
      this.pad = pad;
      this.cout = cout;
      this.csr = csr;
      this.bias = bias;
      this.relu = relu;
    }

    @Override
    public PAct apply(PAct x, Run run) {
      return apply(x, null, relu, run);
    }

    /** {@code act(conv(x) + residual)}; {@code residual} is null or has this layer's output layout. */
    PAct apply(PAct x, PAct residual, boolean reluAfter, Run run) {
      ConvGeometry g = geometry;
      if (g == null || g.cin() != x.shape()[0] || g.h() != x.shape()[1] || g.w() != x.shape()[2]) {
        g = geometry(x.shape()[0], x.shape()[1], x.shape()[2]);
        geometry = g;
      }
      ConvGeometry geo = g;
      int inPer = plane(x.shape()).per();
      int[] shape = {cout, geo.oh(), geo.ow()};
      int outPer = plane(shape).per();
      int outPlane = outPer / cout;
      float[] y = take(run, x.groups() * outPer, x.groups(), lanes, shape);
      float[] r = residual == null ? null : residual.v();
      if (r != null && r.length != y.length) {
        throw new IllegalStateException("residual branches disagree: body " + cout + "×" + geo.oh() + "×" + geo.ow()
            + " vs shortcut " + java.util.Arrays.toString(residual.shape()));
      }
      ExampleMajorOps.parallel(run.pool(), x.groups() * cout, t -> {
        int grp = t / cout;
        int o = t % cout;
        VectorKernels.convChannel(x.v(), grp * inPer, geo.inBase(), geo.outPos(), csr.start(), geo.offs(),
            csr.vals(), o, bias[o], r, reluAfter, y, grp * outPer + o * outPlane);
      });
      return new PAct(y, x.batch(), x.groups(), lanes, shape);
    }

    private ConvGeometry geometry(int cin, int h, int w) {
      int oh = ExampleMajorOps.outSize(h, k, stride, pad);
      int ow = ExampleMajorOps.outSize(w, k, stride, pad);
      int hp = h + 2 * border;
      int wp = w + 2 * border;
      int owp = ow + 2 * border;
      int[] offs = csr.planeOffsets(k, hp, wp, lanes);
      int[] inBase = new int[oh * ow];
      int[] outPos = new int[oh * ow];
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          inBase[i * ow + j] = ((i * stride - pad + border) * wp + j * stride - pad + border) * lanes;
          outPos[i * ow + j] = ((i + border) * owp + j + border) * lanes;
        }
      }
      return new ConvGeometry(cin, h, w, oh, ow, offs, inBase, outPos);
    }
  }

  @Override
  public Op<PAct> linear(int in, int outF, Rows rows, float[] bias, boolean relu) {
    Csr csr = Csr.of(rows);
    TiledCsr tiled = rows.dense() ? null : TiledCsr.of(csr, outF, in);
    return (x, run) -> {
      if (x.spatial()) {
        throw new IllegalStateException("a linear layer got a spatial activation " + java.util.Arrays.toString(
            x.shape()) + "; the model needs Flatten or GlobalAvgPool2d before it");
      }
      int width = x.width();
      int vectors = width / lanes;
      int[] shape = {outF};
      float[] y = take(run, x.groups() * outF * width, x.groups(), width, shape);
      // Enough tasks for the threads even with one group; each task is a band of output rows of one group.
      int bands = Math.max(1, Math.min(outF, (32 + x.groups() - 1) / x.groups()));
      boolean dense = rows.dense() && vectors == 4;
      ExampleMajorOps.parallel(run.pool(), x.groups() * bands, t -> {
        int grp = t / bands;
        int band = t % bands;
        if (dense) {
          VectorKernels.linearDenseRows(x.v(), grp * in * width, in, rows.vals(), bias, relu, y, grp * outF * width,
              band * outF / bands, (band + 1) * outF / bands);
        } else if (vectors == 4) {
          VectorKernels.linearTiledRows(x.v(), grp * in * width, tiled.tiles(), outF, tiled.ptr(), tiled.cols(),
              tiled.vals(), bias, relu, y, grp * outF * width, band * outF / bands, (band + 1) * outF / bands);
        } else {
          VectorKernels.linearRows(x.v(), grp * in * width, vectors, csr.start(), csr.cols(), csr.vals(), bias, relu,
              y, grp * outF * width, band * outF / bands, (band + 1) * outF / bands);
        }
      });
      return new PAct(y, x.batch(), x.groups(), width, shape);
    };
  }

  @Override
  public Op<PAct> affine(float[] scale, float[] shift) {
    return (x, run) -> {
      float[] v = x.v();
      float[] y = take(run, v.length, x.groups(), x.width(), x.shape());
      int c = scale.length;
      if (x.spatial()) {
        Plane pl = plane(x.shape());
        // The border stays zero: only the interior is scaled and shifted.
        for (int g = 0; g < x.groups(); g++) {
          for (int ch = 0; ch < c; ch++) {
            float s = scale[ch];
            float t = shift[ch];
            for (int i = 0; i < pl.h(); i++) {
              int from = pl.row(g, ch, i);
              int to = from + pl.w() * lanes;
              for (int k = from; k < to; k++) {
                y[k] = v[k] * s + t;
              }
            }
          }
        }
      } else {
        int f = x.shape()[0];
        int inner = f / c;
        int width = x.width();
        for (int g = 0; g < x.groups(); g++) {
          for (int k = 0; k < f; k++) {
            float s = scale[k / inner];
            float t = shift[k / inner];
            int from = (g * f + k) * width;
            for (int e = from; e < from + width; e++) {
              y[e] = v[e] * s + t;
            }
          }
        }
      }
      return new PAct(y, x.batch(), x.groups(), x.width(), x.shape());
    };
  }

  /** max(0, ·), which keeps the zero border zero; one instance, so {@link #residual} can recognise it. */
  private final Op<PAct> relu = (x, run) -> {
    float[] v = x.v();
    float[] y = take(run, v.length, x.groups(), x.width(), x.shape());
    for (int k = 0; k < y.length; k++) {
      y[k] = Math.max(v[k], 0f);
    }
    return new PAct(y, x.batch(), x.groups(), x.width(), x.shape());
  };

  @Override
  public Op<PAct> relu() {
    return relu;
  }

  @Override
  public Op<PAct> pool(int k, int stride, int pad, boolean max) {
    return (x, run) -> {
      Plane in = plane(x.shape());
      int c = in.c();
      int h = in.h();
      int w = in.w();
      int oh = ExampleMajorOps.outSize(h, k, stride, pad);
      int ow = ExampleMajorOps.outSize(w, k, stride, pad);
      int[] shape = {c, oh, ow};
      Plane out = plane(shape);
      float[] v = x.v();
      float[] y = take(run, x.groups() * out.per(), x.groups(), lanes, shape);
      float fill = max ? Float.NEGATIVE_INFINITY : 0f;
      ExampleMajorOps.parallel(run.pool(), x.groups() * c, t -> {
        int g = t / c;
        int ch = t % c;
        float[] acc = new float[lanes];
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            java.util.Arrays.fill(acc, fill);
            for (int u = 0; u < k; u++) {
              int r = i * stride - pad + u;
              for (int s = 0; s < k; s++) {
                int q = j * stride - pad + s;
                if (r < 0 || r >= h || q < 0 || q >= w) {
                  continue; // −∞ does not change a max; a zero does not change a sum
                }
                int at = in.row(g, ch, r) + q * lanes;
                for (int l = 0; l < lanes; l++) {
                  acc[l] = max ? Math.max(acc[l], v[at + l]) : acc[l] + v[at + l];
                }
              }
            }
            int to = out.row(g, ch, i) + j * lanes;
            for (int l = 0; l < lanes; l++) {
              y[to + l] = max ? acc[l] : acc[l] / (k * k);
            }
          }
        }
      });
      return new PAct(y, x.batch(), x.groups(), lanes, shape);
    };
  }

  @Override
  public Op<PAct> globalAvgPool() {
    return (x, run) -> {
      Plane pl = plane(x.shape());
      int c = pl.c();
      int h = pl.h();
      int w = pl.w();
      float[] v = x.v();
      int[] shape = {c};
      float[] y = take(run, x.groups() * c * lanes, x.groups(), lanes, shape);
      double[] acc = new double[lanes];
      for (int g = 0; g < x.groups(); g++) {
        for (int ch = 0; ch < c; ch++) {
          java.util.Arrays.fill(acc, 0);
          for (int i = 0; i < h; i++) {
            int from = pl.row(g, ch, i);
            for (int j = 0; j < w; j++) {
              for (int l = 0; l < lanes; l++) {
                acc[l] += v[from + j * lanes + l];
              }
            }
          }
          for (int l = 0; l < lanes; l++) {
            y[(g * c + ch) * lanes + l] = (float) (acc[l] / (h * w));
          }
        }
      }
      return new PAct(y, x.batch(), x.groups(), lanes, shape);
    };
  }

  /** Spatial groups of one vector into flat groups of up to 4 vectors (wider rows for the linear kernel). */
  @Override
  public Op<PAct> flatten() {
    return (x, run) -> {
      if (!x.spatial()) {
        return x;
      }
      Plane pl = plane(x.shape());
      int f = pl.c() * pl.h() * pl.w();
      int vectors = vectorsFor(x.groups());
      int width = vectors * lanes;
      int groups = (x.groups() + vectors - 1) / vectors;
      float[] v = x.v();
      int[] shape = {f};
      float[] y = take(run, groups * f * width, groups, width, shape);
      for (int g = 0; g < x.groups(); g++) {
        int dst = (g / vectors) * f * width + (g % vectors) * lanes;
        int k = 0;
        for (int ch = 0; ch < pl.c(); ch++) {
          for (int i = 0; i < pl.h(); i++) {
            int src = pl.row(g, ch, i);
            for (int j = 0; j < pl.w(); j++, k++) {
              System.arraycopy(v, src + j * lanes, y, dst + k * width, lanes);
            }
          }
        }
      }
      return new PAct(y, x.batch(), groups, width, shape);
    };
  }

  /**
   * An output array: from the run's buffers when it has them, else new. Either way its border is zero, which every
   * step keeps (they write interiors only, or map 0 to 0).
   */
  private static float[] take(Run run, int length, int groups, int width, int[] shape) {
    return run.buffers() == null ? new float[length] : run.buffers().take(length, groups, width, shape);
  }

  /**
   * When the body ends in a convolution and the block ends in at most a ReLU (ResNet's basic block), the addition
   * and the ReLU run inside that convolution's output loop: no separate passes over the activations.
   */
  @Override
  public Op<PAct> residual(List<Op<PAct>> pre, List<Op<PAct>> body, List<Op<PAct>> shortcut, boolean takesPre,
      List<Op<PAct>> post) {
    // The body's last conv must not have a ReLU of its own: that one comes before the addition.
    if (body.get(body.size() - 1) instanceof ConvOp last && !last.relu
        && (post.isEmpty() || post.equals(List.of(relu)))) {
      List<Op<PAct>> head = body.subList(0, body.size() - 1);
      boolean reluAfter = !post.isEmpty();
      return (x, run) -> {
        PAct p = OpSet.apply(pre, x, run);
        PAct sk = OpSet.apply(shortcut, takesPre ? p : x, run);
        return last.apply(OpSet.apply(head, p, run), sk, reluAfter, run);
      };
    }
    return (x, run) -> {
      PAct p = OpSet.apply(pre, x, run);
      PAct bo = OpSet.apply(body, p, run);
      PAct sk = OpSet.apply(shortcut, takesPre ? p : x, run);
      if (bo.v().length != sk.v().length || bo.width() != sk.width()) {
        throw new IllegalStateException("residual branches disagree: body " + java.util.Arrays.toString(bo.shape())
            + " vs shortcut " + java.util.Arrays.toString(sk.shape()));
      }
      float[] sum = take(run, bo.v().length, bo.groups(), bo.width(), bo.shape());
      for (int k = 0; k < sum.length; k++) {
        sum[k] = bo.v()[k] + sk.v()[k];
      }
      return OpSet.apply(post, new PAct(sum, bo.batch(), bo.groups(), bo.width(), bo.shape()), run);
    };
  }
}
