package dev.sparse4j.api.spi;

/**
 * Optimizer settings. SGD follows PyTorch's {@code torch.optim.SGD} (weight decay added to the gradient, momentum
 * buffer {@code b = μ·b + g}, Nesterov {@code g + μ·b}); Adam follows {@code torch.optim.Adam} (L2 weight decay).
 *
 * @param kind SGD or ADAM
 * @param momentum SGD momentum μ
 * @param nesterov SGD Nesterov momentum
 * @param weightDecay L2 weight decay
 * @param beta1 Adam β1
 * @param beta2 Adam β2
 * @param epsilon Adam ε
 */
public record OptimizerConfig(
    Kind kind, double momentum, boolean nesterov, double weightDecay, double beta1, double beta2, double epsilon) {

  /** Optimizer family. */
  public enum Kind {
    /** Stochastic gradient descent with optional (Nesterov) momentum. */
    SGD,
    /** Adam. */
    ADAM
  }

  /** Validates the values. */
  public OptimizerConfig {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer kind is required (SGD or ADAM)");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be ≥ 0, got " + weightDecay);
    }
  }

  /** The paper's CIFAR setting: SGD, momentum 0.9, Nesterov, weight decay 5e-4. */
  public static OptimizerConfig paperSgd() {
    return new OptimizerConfig(Kind.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8);
  }

  /** Adam with PyTorch defaults and the given weight decay. */
  public static OptimizerConfig adam(double weightDecay) {
    return new OptimizerConfig(Kind.ADAM, 0, false, weightDecay, 0.9, 0.999, 1e-8);
  }
}
