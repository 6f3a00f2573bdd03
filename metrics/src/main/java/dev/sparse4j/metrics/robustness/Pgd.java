package dev.sparse4j.metrics.robustness;

import dev.sparse4j.api.SplitMix64;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.metrics.internal.ModelCalls;
import java.util.Objects;

/**
 * Projected gradient descent (Madry et al., 2018) on the true-label cross-entropy, in L∞ or L2, as in torchattacks'
 * {@code PGD} and {@code PGDL2}. Starting from {@code x⁰} (see below), {@code steps} times:
 * <ul>
 *   <li>L∞: {@code x ← x + α·sign(∇ₓ CE)}, then project onto {@code [x_orig − ε, x_orig + ε]} and clamp to [0, 1];</li>
 *   <li>L2: {@code x ← x + α·g/‖g‖₂} per example ({@code g = ∇ₓ CE}; no move where {@code g = 0}), then
 *       {@code δ = x − x_orig} is scaled by {@code min(1, ε/‖δ‖₂)} and {@code x = clamp(x_orig + δ, 0, 1)}.</li>
 * </ul>
 * The last iterate is returned (no restarts, no early stop). Clamping never increases {@code |δ_j|}, so every
 * result stays within ε; for L∞ exactly, for L2 up to float32 rounding of the stored values.
 *
 * <p><b>Random start</b> (on by default), drawn per example from the stream described in {@link Attack}:
 * L∞: {@code x⁰ = clamp(x + u)}, {@code u_j ~ U(−ε, ε)} ({@code ε·(2·nextDouble() − 1)}, one draw per value in
 * order); L2: a direction {@code n} of independent standard normals (Box–Muller: {@code sqrt(−2 ln(1 − u₁))·cos(2π
 * u₂)}, two draws per value), scaled to length {@code ε·u} with one more draw {@code u}, then clamped — the radius
 * is uniform in [0, ε] as in torchattacks' {@code PGDL2}, not uniform in the ball's volume.
 *
 * @param norm {@link Norm#LINF} or {@link Norm#L2}
 * @param steps gradient steps, ≥ 1
 * @param stepSize α, fixed or a fraction of ε
 * @param randomStart whether to start from a random point of the ball (else from the clean input)
 */
public record Pgd(Norm norm, int steps, StepSize stepSize, boolean randomStart) implements Attack {
  /** 10 steps, the default. */
  public static final int DEFAULT_STEPS = 10;

  /** Validates the settings. */
  public Pgd {
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(stepSize, "stepSize");
    if (steps < 1) {
      throw new IllegalArgumentException("PGD needs at least 1 step, got " + steps);
    }
  }

  /**
   * PGD-L∞ with the defaults: 10 steps, α = ε/4 (= 2/255 at ε = 8/255), random start.
   */
  public static Pgd linf() {
    return new Pgd(Norm.LINF, DEFAULT_STEPS, StepSize.fractionOfEps(0.25), true);
  }

  /** PGD-L∞ with {@code steps} steps of a fixed {@code alpha}, random start (torchattacks' {@code PGD}). */
  public static Pgd linf(int steps, double alpha) {
    return new Pgd(Norm.LINF, steps, StepSize.absolute(alpha), true);
  }

  /** PGD-L2 with 10 steps, α = ε/4, random start. */
  public static Pgd l2() {
    return new Pgd(Norm.L2, DEFAULT_STEPS, StepSize.fractionOfEps(0.25), true);
  }

  /** PGD-L2 with {@code steps} steps of a fixed {@code alpha}, random start (torchattacks' {@code PGDL2}). */
  public static Pgd l2(int steps, double alpha) {
    return new Pgd(Norm.L2, steps, StepSize.absolute(alpha), true);
  }

  /** The same attack without (or with) a random start. */
  public Pgd withRandomStart(boolean random) {
    return new Pgd(norm, steps, stepSize, random);
  }

  /** {@code pgd} for L∞, {@code pgd-l2} for L2. */
  @Override
  public String name() {
    return norm == Norm.LINF ? "pgd" : "pgd-l2";
  }

  @Override
  public double alpha(double eps) {
    return stepSize.alpha(eps);
  }

  @Override
  public float[] perturb(SparseModel model, float[] inputs, int[] labels, int batchSize, double eps, long seed,
      long firstExample) {
    AttackChecks.eps(eps);
    int per = ModelCalls.checkBatch(model, inputs, labels, batchSize, true);
    double alpha = alpha(eps);
    float[] x = inputs.clone();
    if (randomStart) {
      for (int i = 0; i < batchSize; i++) {
        SplitMix64 r = SplitMix64.forStream(seed, "attack/" + name() + "/" + (firstExample + i));
        if (norm == Norm.LINF) {
          for (int j = i * per; j < (i + 1) * per; j++) {
            x[j] = LinfBox.clamp(inputs[j] + eps * (2 * r.nextDouble() - 1), inputs[j], eps);
          }
        } else {
          double[] n = new double[per];
          double len = 0;
          for (int j = 0; j < per; j++) {
            n[j] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            len += n[j] * n[j];
          }
          len = Math.sqrt(len);
          double scale = len > 0 ? eps * r.nextDouble() / len : 0;
          for (int j = 0; j < per; j++) {
            n[j] *= scale;
          }
          projectL2(x, inputs, i * per, per, n, eps);
        }
      }
    }
    double[] delta = new double[per];
    for (int t = 0; t < steps; t++) {
      float[] g = ModelCalls.inputGradient(model, x, labels, batchSize, 1.0);
      for (int i = 0; i < batchSize; i++) {
        int off = i * per;
        if (norm == Norm.LINF) {
          for (int j = off; j < off + per; j++) {
            x[j] = LinfBox.clamp(x[j] + alpha * ModelCalls.sign(g[j]), inputs[j], eps);
          }
        } else {
          double gn = 0;
          for (int j = off; j < off + per; j++) {
            gn += (double) g[j] * g[j];
          }
          gn = Math.sqrt(gn);
          for (int j = 0; j < per; j++) {
            double step = gn > 0 ? alpha * g[off + j] / gn : 0;
            delta[j] = (double) x[off + j] + step - inputs[off + j];
          }
          projectL2(x, inputs, off, per, delta, eps);
        }
      }
    }
    return x;
  }

  /** {@code x = clamp(orig + δ·min(1, ε/‖δ‖), 0, 1)} for the example at {@code off}. */
  private static void projectL2(float[] x, float[] orig, int off, int per, double[] delta, double eps) {
    double len = 0;
    for (int j = 0; j < per; j++) {
      len += delta[j] * delta[j];
    }
    len = Math.sqrt(len);
    double factor = len > eps ? eps / len : 1;
    for (int j = 0; j < per; j++) {
      double v = orig[off + j] + delta[j] * factor;
      x[off + j] = (float) Math.min(1.0, Math.max(0.0, v));
    }
  }
}
