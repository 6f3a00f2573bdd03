package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.backend.sparse.internal.Kernels.Rows;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The example-major kernel family: activations NCHW or {@code [batch, features]}, plain Java loops ({@link Kernels}).
 * It needs nothing beyond Java 17, and it is the faster family for a few examples, where a vector of examples
 * would be mostly empty. With {@code rowVectors} (the Vector API in use) its stride-1 convolutions run
 * {@link VectorKernels#convChannelRows} instead, vectors along the output rows.
 */
final class ExampleMajorOps implements OpSet<ExampleMajorOps.Act> {
  private final boolean rowVectors;

  /** @param rowVectors whether stride-1 convolutions may use the Vector API along output rows */
  ExampleMajorOps(boolean rowVectors) {
    this.rowVectors = rowVectors;
  }

  /** Activations of a batch: values (NCHW or [batch, features]) and the per-example shape. */
  record Act(float[] v, int batch, int[] shape) {
    int per() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** Examples per block of the blocked linear kernel: long enough for vector loops, small enough for the cache. */
  static final int BLOCK = 64;

  @Override
  public Op<Act> conv(int k, int stride, int pad, int cout, Rows rows, float[] bias, boolean relu) {
    if (rowVectors && stride == 1) {
      return rowVectorConv(k, pad, cout, rows, bias, relu);
    }
    return (x, run) -> {
      int cin = x.shape()[0];
      int h = x.shape()[1];
      int wd = x.shape()[2];
      int oh = outSize(h, k, stride, pad);
      int ow = outSize(wd, k, stride, pad);
      float[] y = new float[x.batch() * cout * oh * ow];
      int per = cin * h * wd;
      parallel(worthThreads(run, rows.kept() * oh * ow * x.batch()), x.batch() * cout, t -> {
        int b = t / cout;
        int o = t % cout;
        Kernels.conv(x.v(), b * per, cin, h, wd, rows, o, bias[o], k, stride, pad, y, (b * cout + o) * oh * ow,
            oh, ow, relu);
      });
      return new Act(y, x.batch(), new int[] {cout, oh, ow});
    };
  }

  /**
   * A stride-1 convolution with vectors along the output rows: each example's input is copied once into a
   * zero-padded plane (plus slack for the last vector's junk lanes), then every output channel runs
   * {@link VectorKernels#convChannelRows}.
   */
  private Op<Act> rowVectorConv(int k, int pad, int cout, Rows rows, float[] bias, boolean relu) {
    Csr csr = Csr.of(rows);
    return (x, run) -> {
      int cin = x.shape()[0];
      int h = x.shape()[1];
      int w = x.shape()[2];
      int oh = outSize(h, k, 1, pad);
      int ow = outSize(w, k, 1, pad);
      int hp = h + 2 * pad;
      int wq = w + 2 * pad;
      int lanes = VectorKernels.LANES;
      int per = cin * hp * wq + (ow + lanes) + k * wq;
      float[] xp = new float[x.batch() * per];
      for (int b = 0; b < x.batch(); b++) {
        for (int c = 0; c < cin; c++) {
          for (int i = 0; i < h; i++) {
            System.arraycopy(x.v(), ((b * cin + c) * h + i) * w, xp, b * per + (c * hp + i + pad) * wq + pad, w);
          }
        }
      }
      int[] offs = csr.planeOffsets(k, hp, wq, 1);
      float[] y = new float[x.batch() * cout * oh * ow];
      parallel(worthThreads(run, rows.kept() * oh * ow * x.batch()), x.batch() * cout, t -> {
        int b = t / cout;
        int o = t % cout;
        VectorKernels.convChannelRows(xp, b * per, wq, csr.start(), offs, csr.vals(), o, bias[o], relu, y,
            (b * cout + o) * oh * ow, oh, ow);
      });
      return new Act(y, x.batch(), new int[] {cout, oh, ow});
    };
  }

  @Override
  public Op<Act> linear(int in, int outF, Rows rows, float[] bias, boolean relu) {
    return (x, run) -> {
      float[] y = new float[x.batch() * outF];
      if (x.batch() < 4) {
        // Each example's rows in bands, so that one large layer still uses every thread.
        ForkJoinPool pool = worthThreads(run, rows.kept() * x.batch());
        int bands = pool == null ? 1 : Math.min(outF, 8);
        parallel(pool, x.batch() * bands, t -> Kernels.linear(x.v(), t / bands * in, rows, bias, y,
            t / bands * outF, relu, t % bands * outF / bands, (t % bands + 1) * outF / bands));
        return new Act(y, x.batch(), new int[] {outF});
      }
      // Blocks of examples, batch innermost; tasks split the blocks' output rows across threads.
      for (int from = 0; from < x.batch(); from += BLOCK) {
        int block = Math.min(BLOCK, x.batch() - from);
        float[] xt = new float[in * block];
        for (int b = 0; b < block; b++) {
          int src = (from + b) * in;
          for (int c = 0; c < in; c++) {
            xt[c * block + b] = x.v()[src + c];
          }
        }
        int yOff = from * outF;
        int chunks = Math.min(outF, 16);
        parallel(run.pool(), chunks, t -> Kernels.linearBlock(xt, block, rows, bias, y, yOff, outF,
            t * outF / chunks, (t + 1) * outF / chunks, relu));
      }
      return new Act(y, x.batch(), new int[] {outF});
    };
  }

  @Override
  public Op<Act> affine(float[] scale, float[] shift) {
    return (x, run) -> {
      float[] y = new float[x.v().length];
      int c = scale.length;
      int inner = x.per() / c;
      for (int b = 0; b < x.batch(); b++) {
        for (int ch = 0; ch < c; ch++) {
          int base = (b * c + ch) * inner;
          for (int k = 0; k < inner; k++) {
            y[base + k] = x.v()[base + k] * scale[ch] + shift[ch];
          }
        }
      }
      return new Act(y, x.batch(), x.shape());
    };
  }

  @Override
  public Op<Act> relu() {
    return (x, run) -> {
      float[] y = x.v().clone();
      for (int k = 0; k < y.length; k++) {
        if (y[k] < 0f) {
          y[k] = 0f;
        }
      }
      return new Act(y, x.batch(), x.shape());
    };
  }

  @Override
  public Op<Act> pool(int k, int stride, int pad, boolean max) {
    return (x, run) -> {
      int c = x.shape()[0];
      int h = x.shape()[1];
      int w = x.shape()[2];
      int oh = outSize(h, k, stride, pad);
      int ow = outSize(w, k, stride, pad);
      float[] y = new float[x.batch() * c * oh * ow];
      parallel(run.pool(), x.batch() * c, t -> {
        int in = t * h * w;
        int o = t * oh * ow;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            float acc = max ? Float.NEGATIVE_INFINITY : 0f;
            for (int u = 0; u < k; u++) {
              int r = i * stride - pad + u;
              for (int v = 0; v < k; v++) {
                int q = j * stride - pad + v;
                boolean inside = r >= 0 && r < h && q >= 0 && q < w;
                float val = inside ? x.v()[in + r * w + q] : (max ? Float.NEGATIVE_INFINITY : 0f);
                acc = max ? Math.max(acc, val) : acc + val;
              }
            }
            y[o + i * ow + j] = max ? acc : acc / (k * k);
          }
        }
      });
      return new Act(y, x.batch(), new int[] {c, oh, ow});
    };
  }

  @Override
  public Op<Act> globalAvgPool() {
    return (x, run) -> {
      int c = x.shape()[0];
      int hw = x.shape()[1] * x.shape()[2];
      float[] y = new float[x.batch() * c];
      for (int b = 0; b < x.batch(); b++) {
        for (int ch = 0; ch < c; ch++) {
          double acc = 0;
          int base = (b * c + ch) * hw;
          for (int k = 0; k < hw; k++) {
            acc += x.v()[base + k];
          }
          y[b * c + ch] = (float) (acc / hw);
        }
      }
      return new Act(y, x.batch(), new int[] {c});
    };
  }

  @Override
  public Op<Act> flatten() {
    return (x, run) -> new Act(x.v(), x.batch(), new int[] {x.per()});
  }

  @Override
  public Op<Act> residual(List<Op<Act>> pre, List<Op<Act>> body, List<Op<Act>> shortcut, boolean takesPre,
      List<Op<Act>> post) {
    return (x, run) -> {
      Act p = OpSet.apply(pre, x, run);
      Act bo = OpSet.apply(body, p, run);
      Act sk = OpSet.apply(shortcut, takesPre ? p : x, run);
      float[] sum = bo.v().clone();
      for (int k = 0; k < sum.length; k++) {
        sum[k] += sk.v()[k];
      }
      return OpSet.apply(post, new Act(sum, bo.batch(), bo.shape()), run);
    };
  }

  /**
   * Multiply-adds below which a layer runs on the calling thread: handing a few tens of microseconds of work to a
   * pool costs more than it saves (ResNet-20 ERK-90 %, one image, 2 threads: 340 images/s with every layer split
   * over the pool, 652 on one thread).
   */
  static final long PARALLEL_MIN_WORK = 1L << 21;

  /** The run's pool if {@code work} multiply-adds are worth splitting, else null (run inline). */
  private static ForkJoinPool worthThreads(Run run, long work) {
    return work >= PARALLEL_MIN_WORK ? run.pool() : null;
  }

  /** Runs {@code body} for {@code 0 … tasks−1} on the pool (inline without one). */
  static void parallel(ForkJoinPool pool, int tasks, IntConsumer body) {
    if (pool == null || tasks == 1) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(body)).join();
  }

  static int outSize(int size, int k, int stride, int pad) {
    return (size + 2 * pad - k) / stride + 1;
  }
}
