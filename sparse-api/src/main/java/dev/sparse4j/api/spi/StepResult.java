package dev.sparse4j.api.spi;

/**
 * Outcome of one training step.
 *
 * @param loss mean cross-entropy of the batch before the update
 * @param correct examples whose arg-max logit equals the label
 * @param batchSize examples in the batch
 */
public record StepResult(double loss, int correct, int batchSize) {}
