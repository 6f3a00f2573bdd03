/**
 * Adversarial robustness through the SPI's input gradients: {@link dev.sparse4j.metrics.robustness.Fgsm},
 * {@link dev.sparse4j.metrics.robustness.Pgd} (L∞ and L2) and the
 * {@link dev.sparse4j.metrics.robustness.RobustnessEvaluator} that turns a list of radii into a
 * {@link dev.sparse4j.metrics.robustness.RobustnessCurve}. Perturbations live in [0, 1] pixel space before the
 * model's own normalisation (docs/metrics.md).
 */
package dev.sparse4j.metrics.robustness;
