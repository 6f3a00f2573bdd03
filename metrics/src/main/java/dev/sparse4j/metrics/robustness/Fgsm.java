package dev.sparse4j.metrics.robustness;

import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.metrics.internal.ModelCalls;

/**
 * Fast gradient sign method (Goodfellow et al., 2015), L∞: {@code x_adv = clamp(x + ε·sign(∇ₓ CE(f(x), y)), 0, 1)}
 * with the true label {@code y}, one gradient in evaluation mode. Deterministic (the seed is not used). A zero
 * gradient component leaves its pixel unchanged.
 */
public record Fgsm() implements Attack {

  @Override
  public String name() {
    return "fgsm";
  }

  @Override
  public Norm norm() {
    return Norm.LINF;
  }

  @Override
  public int steps() {
    return 1;
  }

  /** ε: FGSM takes one step of the full radius. */
  @Override
  public double alpha(double eps) {
    return eps;
  }

  @Override
  public float[] perturb(SparseModel model, float[] inputs, int[] labels, int batchSize, double eps, long seed,
      long firstExample) {
    AttackChecks.eps(eps);
    ModelCalls.checkBatch(model, inputs, labels, batchSize, true);
    float[] g = ModelCalls.inputGradient(model, inputs, labels, batchSize, 1.0);
    float[] x = new float[inputs.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = LinfBox.clamp(inputs[j] + eps * ModelCalls.sign(g[j]), inputs[j], eps);
    }
    return x;
  }
}
