package dev.sparse4j.backend.sparse.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Mask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The convolution's three loops element by element against plain float64 loops written here (every tap tested
 * against the plane's bounds, no padding, no tap lists): the output, the input gradient, and the weight gradient at
 * kept entries (a training step) and at every entry (the SPI's raw gradients), on 60 seeded random shapes — kernels
 * 1, 2, 3 and 5, strides 1 to 3, padding 0 to the kernel size (so positions whose taps all fall outside), planes of
 * 1 to 11 rows and columns — at densities 0, 0.3 and 1 and batches from 1 to 133 (the two-position and eight-vector
 * tiles of the vector loops, single vectors and scalar tails), with the vector loops and the plain ones. The input
 * must come out unchanged: the loops read the producer's array as it is.
 */
class ConvNodeTest {
  private static final int[] BATCHES = {1, 5, 16, 37, 128, 133};

  @Test
  void outputAndGradientsMatchPlainLoopsOnRandomShapes() {
    SplittableRandom r = new SplittableRandom(2026);
    double[] densities = {0.0, 0.3, 1.0};
    List<Lanes> lanes = Lanes.best() == Lanes.SCALAR ? List.of(Lanes.SCALAR) : List.of(Lanes.best(), Lanes.SCALAR);
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      for (int n = 0; n < 60; n++) {
        int k = new int[] {1, 2, 3, 5}[r.nextInt(4)];
        int stride = 1 + r.nextInt(3);
        int pad = r.nextInt(k + 1);
        int h = Math.max(1, k - 2 * pad) + r.nextInt(8);
        int w = Math.max(1, k - 2 * pad) + r.nextInt(8);
        Shape s = new Shape(1 + r.nextInt(5), 1 + r.nextInt(6), k, stride, pad, h, w, BATCHES[r.nextInt(6)],
            densities[r.nextInt(3)], r.nextBoolean());
        for (Lanes l : lanes) {
          check(s, l, pool, n);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private record Shape(int cin, int cout, int k, int stride, int pad, int h, int w, int batch, double density,
      boolean bias) {
    int oh() {
      return (h + 2 * pad - k) / stride + 1;
    }

    int ow() {
      return (w + 2 * pad - k) / stride + 1;
    }
  }

  private static void check(Shape s, Lanes lanes, ForkJoinPool pool, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int kk = s.k() * s.k();
    int rowLength = s.cin() * kk;
    boolean[] keep = new boolean[s.cout() * rowLength];
    float[] dense = new float[keep.length];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = s.density() == 1.0 || r.nextDouble() < s.density();
      dense[i] = keep[i] ? (float) r.nextDouble(-1, 1) : 0f;
    }
    KeptIndex idx = KeptIndex.of(Mask.ofBooleans(new int[] {s.cout(), s.cin(), s.k(), s.k()}, keep), s.cout(),
        rowLength);
    ParamTensor weight = new ParamTensor("conv.weight", idx, idx.gather(dense));
    float[] b = new float[s.cout()];
    for (int o = 0; o < b.length; o++) {
      b[o] = s.bias() ? (float) r.nextDouble(-1, 1) : 0f;
    }
    ParamTensor bias = s.bias() ? new ParamTensor("conv.bias", b) : null;
    int n = s.batch();
    float[] x = random(r, s.cin() * s.h() * s.w() * n);
    float[] xCopy = x.clone();
    float[] dy = random(r, s.cout() * s.oh() * s.ow() * n);
    String what = s + " on " + (lanes == Lanes.SCALAR ? "plain loops" : "vector loops");

    ConvNode node = new ConvNode("conv", s.cin(), s.cout(), s.k(), s.stride(), s.pad(), weight, bias);
    Pass kept = new Pass(true, false, 0, Pass.Gradients.KEPT, null, pool, lanes);
    Act y = node.forward(new Act(x, new int[] {s.cin(), s.h(), s.w()}, n), kept);
    Reference ref = new Reference(s, dense, b, x, dy);
    compare(what + ", output", y.v(), ref.y, ref.yScale);
    float[] dx = node.backward(dy, kept, true);
    compare(what + ", input gradient", dx, ref.dx, ref.dxScale);
    compare(what + ", kept weight gradient", weight.grad(), idx.gather(ref.dw), idx.gather(ref.dwScale));
    assertArrayEquals(xCopy, x, what + ": the input was changed");

    Map<String, float[]> raw = new HashMap<>();
    Pass all = new Pass(true, false, 0, Pass.Gradients.DENSE, raw, pool, lanes);
    node.forward(new Act(x, new int[] {s.cin(), s.h(), s.w()}, n), all);
    node.backward(dy, all, false);
    compare(what + ", raw weight gradient", raw.get("conv.weight"), ref.dw, ref.dwScale);
  }

  /** The three results in float64 by their definitions, and per element the sum of its terms' magnitudes. */
  private static final class Reference {
    final double[] y;
    final double[] yScale;
    final double[] dx;
    final double[] dxScale;
    final float[] dw;
    final float[] dwScale;

    Reference(Shape s, float[] w, float[] bias, float[] x, float[] dy) {
      int n = s.batch();
      int oh = s.oh();
      int ow = s.ow();
      int k = s.k();
      y = new double[s.cout() * oh * ow * n];
      yScale = new double[y.length];
      dx = new double[x.length];
      dxScale = new double[x.length];
      double[] gw = new double[w.length];
      double[] gwScale = new double[w.length];
      for (int o = 0; o < s.cout(); o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            for (int b = 0; b < n; b++) {
              int out = ((o * oh + i) * ow + j) * n + b;
              y[out] = bias[o];
              yScale[out] = Math.abs(bias[o]);
            }
            for (int ci = 0; ci < s.cin(); ci++) {
              for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                  int row = i * s.stride() - s.pad() + u;
                  int col = j * s.stride() - s.pad() + v;
                  if (row < 0 || row >= s.h() || col < 0 || col >= s.w()) {
                    continue;
                  }
                  int e = ((o * s.cin() + ci) * k + u) * k + v;
                  for (int b = 0; b < n; b++) {
                    int out = ((o * oh + i) * ow + j) * n + b;
                    int in = ((ci * s.h() + row) * s.w() + col) * n + b;
                    y[out] += (double) w[e] * x[in];
                    yScale[out] += Math.abs((double) w[e] * x[in]);
                    dx[in] += (double) w[e] * dy[out];
                    dxScale[in] += Math.abs((double) w[e] * dy[out]);
                    gw[e] += (double) dy[out] * x[in];
                    gwScale[e] += Math.abs((double) dy[out] * x[in]);
                  }
                }
              }
            }
          }
        }
      }
      dw = toFloat(gw);
      dwScale = toFloat(gwScale);
    }
  }

  private static void compare(String what, float[] actual, double[] expected, double[] scale) {
    if (actual.length != expected.length) {
      fail(what + ": " + actual.length + " values, expected " + expected.length);
    }
    for (int i = 0; i < actual.length; i++) {
      if (Math.abs(actual[i] - expected[i]) > 2e-5 * scale[i] + 1e-7) {
        fail(what + "[" + i + "]: " + actual[i] + ", float64 loops " + expected[i]);
      }
    }
  }

  private static void compare(String what, float[] actual, float[] expected, float[] scale) {
    double[] e = new double[expected.length];
    double[] sc = new double[scale.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = expected[i];
      sc[i] = scale[i];
    }
    compare(what, actual, e, sc);
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextDouble(-1, 1);
    }
    return a;
  }
}
