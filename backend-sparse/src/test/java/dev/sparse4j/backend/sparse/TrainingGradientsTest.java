package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendParity;
import dev.sparse4j.tck.BackendReference;
import dev.sparse4j.tck.BackendSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * sparse-cpu's backward passes at the batch sizes that reach each path of its loops: 1 and 7 (scalar tails), 32 and
 * 35 (single vectors, and a rest), 133 (the eight-vector tiles of AVX-512 or AVX2, then single vectors and a rest), on
 * every layer type, strided and padded convolutions (1×1 stride 2, 3×3 stride 2, 1×1 padded) and residual wiring
 * (ResNet's basic blocks as sparse-cpu fuses them included),
 * at density 0.5. The reference is independent of the code under test: directional derivatives of the TCK's
 * double-precision forward pass ({@link BackendReference}), by central differences along a random direction.
 */
class TrainingGradientsTest {
  private static final int[] BATCHES = {1, 7, 32, 35, 133};

  private static List<ModelSpec> specs() {
    return List.of(BackendSpecs.tinyResidual(), BackendSpecs.allLayers(), BackendSpecs.tinyCnn(),
        BackendSpecs.mlp(), basicBlocks());
  }

  /**
   * ResNet's basic blocks as sparse-cpu fuses them (an empty {@code pre}, a ReLU {@code post} done with the sum): one
   * with an identity shortcut — the two branches' gradients meet in one pass — and one with a strided projection.
   */
  static ModelSpec basicBlocks() {
    Residual identity = new Residual("0", List.of(),
        List.of(new Conv2d("conv1", 4, 4, 3, 1, 1, false), BatchNorm2d.of("bn1", 4), new Relu("relu1"),
            new Conv2d("conv2", 4, 4, 3, 1, 1, false), BatchNorm2d.of("bn2", 4)),
        List.of(), false, List.of(new Relu("relu2")));
    Residual projection = new Residual("1", List.of(),
        List.of(new Conv2d("conv1", 4, 6, 3, 2, 1, false), BatchNorm2d.of("bn1", 6), new Relu("relu1"),
            new Conv2d("conv2", 6, 6, 3, 1, 1, false), BatchNorm2d.of("bn2", 6)),
        List.of(Sequential.of("shortcut", new Conv2d("0", 4, 6, 1, 2, 0, false), BatchNorm2d.of("1", 6))),
        false, List.of(new Relu("relu2")));
    return new ModelSpec("basic-blocks", new int[] {2, 6, 6}, 3, Sequential.of("",
        new Conv2d("conv1", 2, 4, 3, 1, 1, false), BatchNorm2d.of("bn1", 4), new Relu("relu"),
        Sequential.of("layer1", identity, projection),
        new GlobalAvgPool2d("gap"), new Linear("fc", 6, 3, true)), Map.of());
  }

  @Test
  void inputGradientsAreDirectionalDerivativesOfTheSummedLoss() {
    try (SparseBackend b = backend()) {
      for (ModelSpec spec : specs()) {
        try (SparseModel m = b.build(spec, 7)) {
          m.applyMasks(BackendData.masks(spec.prunable(), 0.5, 8));
          // Random running statistics: a channel whose weights are all pruned must not sit exactly on a ReLU kink.
          m.loadState(BackendParity.withRandomStatistics(spec, m.state(), 17));
          Map<String, float[]> state = m.state();
          for (int batch : BATCHES) {
            float[] x = BackendData.inputs(batch * spec.inputSize(), batch);
            int[] y = BackendData.labels(batch, spec.numClasses(), batch);
            float[] g = m.inputGradient(x, y, batch, 1.0);
            double[] v = direction(x.length, batch);
            double h = 1e-6;
            double fd = (loss(spec, state, shifted(x, v, h), y, batch) - loss(spec, state, shifted(x, v, -h), y,
                batch)) / (2 * h);
            check(spec.name() + " batch " + batch + " input gradient", dot(g, v), fd, norm(g) * norm(v));
          }
        }
      }
    }
  }

  @Test
  void parameterGradientsAreDirectionalDerivativesOfTheMeanLoss() {
    try (SparseBackend b = backend()) {
      for (ModelSpec spec : specs()) {
        try (SparseModel m = b.build(spec, 7)) {
          m.applyMasks(BackendData.masks(spec.prunable(), 0.5, 8));
          // Random running statistics: a channel whose weights are all pruned must not sit exactly on a ReLU kink.
          m.loadState(BackendParity.withRandomStatistics(spec, m.state(), 17));
          Map<String, float[]> state = m.state();
          for (int batch : BATCHES) {
            float[] x = BackendData.inputs(batch * spec.inputSize(), batch + 100);
            int[] y = BackendData.labels(batch, spec.numClasses(), batch + 100);
            Map<String, float[]> g = m.parameterGradients(x, y, batch, false);
            double h = 1e-6;
            Map<String, double[]> v = new LinkedHashMap<>();
            double analytic = 0;
            double scale = 0;
            for (Map.Entry<String, float[]> e : g.entrySet()) {
              double[] d = direction(e.getValue().length, e.getKey().hashCode() + batch);
              v.put(e.getKey(), d);
              analytic += dot(e.getValue(), d);
              scale += norm(e.getValue()) * norm(d);
            }
            double fd = (meanLoss(spec, moved(state, v, h), x, y, batch) - meanLoss(spec, moved(state, v, -h), x, y,
                batch)) / (2 * h);
            check(spec.name() + " batch " + batch + " parameter gradients", analytic, fd, scale);
          }
        }
      }
    }
  }

  /**
   * A training step computes gradients at kept entries only, through other loops than the dense raw gradients:
   * plain SGD at learning rate 1 moves each kept weight by exactly minus its raw gradient (training mode, no
   * dropout in these models), and leaves pruned ones at 0.
   */
  @Test
  void aStepMovesKeptWeightsByTheirRawGradient() {
    try (SparseBackend b = backend()) {
      for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.tinyCnn(), BackendSpecs.mlp(),
          basicBlocks())) {
        for (int batch : BATCHES) {
          try (SparseModel m = b.build(spec, 7)) {
            MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 8);
            m.applyMasks(masks);
            m.setOptimizer(new OptimizerConfig(OptimizerConfig.Kind.SGD, 0, false, 0, 0.9, 0.999, 1e-8));
            float[] x = BackendData.inputs(batch * spec.inputSize(), batch + 200);
            int[] y = BackendData.labels(batch, spec.numClasses(), batch + 200);
            Map<String, float[]> before = m.state();
            Map<String, float[]> g = m.parameterGradients(x, y, batch, true);
            m.trainStep(x, y, batch, 1.0, 0);
            Map<String, float[]> after = m.state();
            g.forEach((name, grad) -> {
              float[] w0 = before.get(name);
              float[] w1 = after.get(name);
              var mask = masks.asMap().get(name);
              double scale = 1e-6;
              for (float v : grad) {
                scale = Math.max(scale, Math.abs(v));
              }
              for (int i = 0; i < grad.length; i++) {
                double expected = mask != null && !mask.isKept(i) ? 0 : -grad[i];
                if (Math.abs((w1[i] - w0[i]) - expected) > 1e-5 * scale + 1e-6 * Math.abs(w0[i])) {
                  fail(spec.name() + " batch " + batch + " " + name + "[" + i + "] moved by " + (w1[i] - w0[i])
                      + ", raw gradient " + grad[i] + (mask != null && !mask.isKept(i) ? " (pruned)" : ""));
                }
              }
            });
          }
        }
      }
    }
  }

  private static SparseBackend backend() {
    return new SparseCpuProvider().create(new BackendOptions(Map.of("threads", "2")));
  }

  private static void check(String what, double analytic, double fd, double scale) {
    if (Math.abs(analytic - fd) > 1e-3 * Math.abs(fd) + 1e-5 * scale) {
      fail(what + ": directional derivative " + analytic + ", central difference of the float64 reference " + fd);
    }
  }

  /** Σ cross-entropy of the reference logits. */
  private static double loss(ModelSpec spec, Map<String, float[]> state, double[] x, int[] y, int batch) {
    return crossEntropy(spec, BackendReference.logits(spec, moved(state, Map.of(), 0), x, batch), y, batch);
  }

  private static double meanLoss(ModelSpec spec, Map<String, double[]> state, float[] x, int[] y, int batch) {
    return crossEntropy(spec, BackendReference.logits(spec, state, shifted(x, new double[x.length], 0), batch), y,
        batch) / batch;
  }

  private static double crossEntropy(ModelSpec spec, double[] z, int[] y, int batch) {
    int c = spec.numClasses();
    double total = 0;
    for (int b = 0; b < batch; b++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        max = Math.max(max, z[b * c + k]);
      }
      double sum = 0;
      for (int k = 0; k < c; k++) {
        sum += Math.exp(z[b * c + k] - max);
      }
      total += max + Math.log(sum) - z[b * c + y[b]];
    }
    return total;
  }

  private static double[] direction(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble(-1, 1);
    }
    return v;
  }

  private static double[] shifted(float[] x, double[] v, double h) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + h * v[i];
    }
    return out;
  }

  private static Map<String, double[]> moved(Map<String, float[]> state, Map<String, double[]> v, double h) {
    Map<String, double[]> out = new LinkedHashMap<>();
    state.forEach((name, w) -> {
      double[] d = v.get(name);
      double[] m = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        m[i] = w[i] + (d == null ? 0 : h * d[i]);
      }
      out.put(name, m);
    });
    return out;
  }

  private static double dot(float[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(float[] a) {
    double s = 0;
    for (float v : a) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s);
  }
}
