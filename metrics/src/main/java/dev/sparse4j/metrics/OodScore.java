package dev.sparse4j.metrics;

/**
 * An out-of-distribution score: a number per example, <b>higher = more in-distribution</b>. Its {@link #name()} keys
 * results in {@link OodReport}.
 *
 * <p>Scores computable from logits alone implement {@link LogitScore}. Scores that need the model itself (ODIN's
 * input pre-processing through input gradients) implement this interface directly in their own evaluator and hand
 * their per-example values to {@link OodReport#fromScores}.
 */
public interface OodScore {
  /** Stable short name used as a report key, e.g. {@code msp}, {@code maxLogit}, {@code energy}. */
  String name();
}
