package dev.sparse4j.tck;

import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.SparseModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training-mode batch-norm on activations whose channels sit far from zero relative to their spread (mean 5, standard
 * deviation 0.1, 100,352 values per channel), as a residual block's pre-activation batch-norm sees them: parameter
 * gradients against a float64 reference computed here from PyTorch's definition.
 *
 * <p>The tolerance, 1e-3 of each gradient's largest magnitude: a float32 sum of N = 100,352 terms added one after
 * the other can lose a few parts in 10⁴ (TensorFlow's and ND4J's reductions lose 4e-4 on β's gradient here), while
 * statistics taken without centring lose the offset: ~6e-3 of γ's gradient for PyTorch's CPU kernel on channels-last
 * data and for a mean summed in float32, 98 % for {@code E[x²] − μ²} with the folded {@code x·a + b}. Centred
 * (two-pass, or shifted by a sample of each channel), every backend here lands within 5e-5 on γ.
 *
 * <p>The model: {@code Normalize} (to mean 5, std 0.1) → {@code BatchNorm2d(2)} → global average pool →
 * {@code Linear(2 → 3)}, input 2×28×28, batch 128; γ, β and the linear layer random.
 */
public final class BatchNormAccuracyCheck {
  /** Largest allowed error, relative to each gradient tensor's largest magnitude. */
  public static final double TOLERANCE = 1e-3;

  private static final int BATCH = 128;
  private static final int C = 2;
  private static final int HW = 28 * 28;
  private static final int CLASSES = 3;
  // x uniform in [0, 1): mean 0.5, std 0.2887; (x − m) / s has mean 5 and std 0.1.
  private static final double S = 2.887;
  private static final double M = 0.5 - 5 * S;

  private BatchNormAccuracyCheck() {}

  /** The model the check runs. */
  public static ModelSpec spec() {
    return new ModelSpec("bn-offset", new int[] {C, 28, 28}, CLASSES, Sequential.of("",
        new Normalize("norm", new double[] {M, M}, new double[] {S, S}),
        BatchNorm2d.of("bn", C),
        new GlobalAvgPool2d("gap"),
        new Linear("fc", C, CLASSES, true)), Map.of());
  }

  /**
   * Loads random γ, β and linear weights into {@code model} (built from {@link #spec()}), asks for its training-mode
   * parameter gradients and returns, per parameter, the largest error against the float64 reference relative to the
   * reference's largest magnitude.
   */
  public static Map<String, Double> errors(SparseModel model) {
    SplittableRandom r = new SplittableRandom(91);
    Map<String, float[]> state = model.state();
    fill(state.get("bn.weight"), r, 0.5, 1.5);
    fill(state.get("bn.bias"), r, -0.5, 0.5);
    fill(state.get("fc.weight"), r, -1, 1);
    fill(state.get("fc.bias"), r, -0.1, 0.1);
    model.loadState(state);
    float[] x = BackendData.inputs(BATCH * C * HW, 92);
    int[] y = BackendData.labels(BATCH, CLASSES, 92);
    Map<String, float[]> actual = model.parameterGradients(x, y, BATCH, true);
    Map<String, double[]> expected = reference(model.state(), x, y);
    Map<String, Double> out = new LinkedHashMap<>();
    expected.forEach((name, e) -> {
      float[] a = actual.get(name);
      double scale = 0;
      double worst = 0;
      for (int i = 0; i < e.length; i++) {
        scale = Math.max(scale, Math.abs(e[i]));
        worst = Math.max(worst, Math.abs(a[i] - e[i]));
      }
      out.put(name, worst / scale);
    });
    return out;
  }

  private static void fill(float[] v, SplittableRandom r, double lo, double hi) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(lo, hi);
    }
  }

  /** Gradients of the mean cross-entropy, in double, straight from the definitions. */
  private static Map<String, double[]> reference(Map<String, float[]> state, float[] x, int[] y) {
    float[] gamma = state.get("bn.weight");
    float[] beta = state.get("bn.bias");
    float[] w = state.get("fc.weight");
    float[] b = state.get("fc.bias");
    int n = BATCH * HW;
    double[][] xhat = new double[C][n];
    for (int c = 0; c < C; c++) {
      double sum = 0;
      for (int e = 0; e < BATCH; e++) {
        for (int p = 0; p < HW; p++) {
          sum += (x[(e * C + c) * HW + p] - M) / S;
        }
      }
      double mean = sum / n;
      double sq = 0;
      for (int e = 0; e < BATCH; e++) {
        for (int p = 0; p < HW; p++) {
          double d = (x[(e * C + c) * HW + p] - M) / S - mean;
          sq += d * d;
        }
      }
      double invStd = 1 / Math.sqrt(sq / n + 1e-5);
      for (int e = 0; e < BATCH; e++) {
        for (int p = 0; p < HW; p++) {
          xhat[c][e * HW + p] = ((x[(e * C + c) * HW + p] - M) / S - mean) * invStd;
        }
      }
    }
    // v[e][c] = mean over the plane of γ·x̂ + β; logits = W·v + b.
    double[][] v = new double[BATCH][C];
    double[][] meanXhat = new double[BATCH][C];
    for (int e = 0; e < BATCH; e++) {
      for (int c = 0; c < C; c++) {
        double s = 0;
        for (int p = 0; p < HW; p++) {
          s += xhat[c][e * HW + p];
        }
        meanXhat[e][c] = s / HW;
        v[e][c] = gamma[c] * meanXhat[e][c] + beta[c];
      }
    }
    double[] gw = new double[CLASSES * C];
    double[] gb = new double[CLASSES];
    double[] gGamma = new double[C];
    double[] gBeta = new double[C];
    for (int e = 0; e < BATCH; e++) {
      double[] z = new double[CLASSES];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < CLASSES; k++) {
        z[k] = b[k];
        for (int c = 0; c < C; c++) {
          z[k] += w[k * C + c] * v[e][c];
        }
        max = Math.max(max, z[k]);
      }
      double sum = 0;
      for (int k = 0; k < CLASSES; k++) {
        sum += Math.exp(z[k] - max);
      }
      for (int k = 0; k < CLASSES; k++) {
        double dz = (Math.exp(z[k] - max) / sum - (k == y[e] ? 1 : 0)) / BATCH;
        gb[k] += dz;
        for (int c = 0; c < C; c++) {
          gw[k * C + c] += dz * v[e][c];
          double dv = dz * w[k * C + c];
          // dv reaches every position of the plane as dv / HW: Σ_p dv/HW · x̂ = dv · mean(x̂), Σ_p dv/HW = dv.
          gGamma[c] += dv * meanXhat[e][c];
          gBeta[c] += dv;
        }
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    out.put("bn.weight", gGamma);
    out.put("bn.bias", gBeta);
    out.put("fc.weight", gw);
    out.put("fc.bias", gb);
    return out;
  }
}
