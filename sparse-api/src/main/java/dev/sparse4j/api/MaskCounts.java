package dev.sparse4j.api;

import java.util.Map;

/**
 * What reports and cost estimates need of a set of masks: which tensors are masked and how many positions each keeps.
 * Both forms of masks give it: bitmaps ({@link MaskSet}) and kept entries ({@link KeptMaskSet}, for tensors too
 * large to hold a position per weight).
 */
public interface MaskCounts {
  /** Number of masked tensors. */
  int size();

  /** Whether {@code name} has a mask. */
  boolean contains(String name);

  /**
   * Positions kept in the mask of {@code name}.
   *
   * @throws IllegalArgumentException naming the masked parameters if {@code name} has no mask
   */
  long kept(String name);

  /** Total positions over all masks. */
  long numel();

  /** Total kept positions over all masks. */
  long kept();

  /** Overall density, {@code kept / numel} (1.0 for an empty set). */
  default double density() {
    long n = numel();
    return n == 0 ? 1.0 : (double) kept() / n;
  }

  /** Per-layer densities, in order. */
  Map<String, Double> densities();
}
