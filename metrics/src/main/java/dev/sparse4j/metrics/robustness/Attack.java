package dev.sparse4j.metrics.robustness;

import dev.sparse4j.api.spi.SparseModel;

/**
 * A white-box evasion attack on a {@link SparseModel}, backend-neutral: it only calls {@link SparseModel#logits} and
 * {@link SparseModel#inputGradient} (evaluation mode, temperature 1, true labels).
 *
 * <p><b>Conventions</b> (docs/metrics.md): inputs and perturbations live in [0, 1] pixel space <i>before</i>
 * normalisation, which is part of the model; the adversarial input is clamped to [0, 1] after every step and stays
 * within ε of the original in the attack's {@link #norm()}. Inputs outside [0, 1] are rejected.
 *
 * <p><b>Capability.</b> Attacks need {@link dev.sparse4j.api.spi.Capability#INPUT_GRADIENTS}; on a backend without
 * it, {@link SparseModel#inputGradient} throws {@link dev.sparse4j.api.spi.UnsupportedCapabilityException}, which
 * is passed on unchanged.
 *
 * <p><b>Randomness.</b> Example {@code k} of a data set (its index counted from the first evaluated example) draws
 * its random start from {@code SplitMix64.forStream(seed, "attack/" + name() + "/" + k)}, so results depend on the
 * seed but not on the batch size or the order in which batches run.
 */
public sealed interface Attack permits Fgsm, Pgd {
  /** ε = 8/255, the CIFAR default. */
  double DEFAULT_EPS = 8.0 / 255;
  /** ε = 0.1, the usual L∞ radius for MNIST-like data. */
  double MNIST_EPS = 0.1;

  /** Report key: {@code fgsm}, {@code pgd} (L∞) or {@code pgd-l2}. */
  String name();

  /** The threat model's norm. */
  Norm norm();

  /** Gradient steps per example (1 for FGSM). */
  int steps();

  /** The step size used at radius {@code eps} (ε itself for FGSM). */
  double alpha(double eps);

  /**
   * Adversarial versions of one batch.
   *
   * @param model the model under attack
   * @param inputs {@code batchSize × inputSize} values in [0, 1] (not modified)
   * @param labels the true labels
   * @param batchSize examples in the batch
   * @param eps the radius ε ≥ 0
   * @param seed root seed of the random starts
   * @param firstExample the data-set index of the batch's first example (keys the random streams)
   * @return new {@code batchSize × inputSize} values in [0, 1], each example within ε of its original
   * @throws IllegalArgumentException for a negative or non-finite ε, mis-sized or out-of-range inputs, bad labels
   * @throws dev.sparse4j.api.spi.UnsupportedCapabilityException if the backend has no input gradients
   */
  float[] perturb(SparseModel model, float[] inputs, int[] labels, int batchSize, double eps, long seed,
      long firstExample);

  /** {@link #perturb(SparseModel, float[], int[], int, double, long, long)} for a batch starting at example 0. */
  default float[] perturb(SparseModel model, float[] inputs, int[] labels, int batchSize, double eps, long seed) {
    return perturb(model, inputs, labels, batchSize, eps, seed, 0);
  }
}
