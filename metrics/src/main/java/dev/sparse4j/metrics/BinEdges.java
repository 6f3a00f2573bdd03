package dev.sparse4j.metrics;

/** Which side of each equal-width confidence bin is closed. */
public enum BinEdges {
  /**
   * The default (Guo et al. 2017 and most ECE code): bin b is {@code (b/B, (b+1)/B]}, the first bin is
   * {@code [0, 1/B]}. A confidence of exactly 1/15 falls in bin 0 of 15.
   */
  RIGHT_CLOSED,
  /** Bin b is {@code [b/B, (b+1)/B)}, the last bin is {@code [(B−1)/B, 1]}. A confidence of exactly 1/15 falls in bin 1. */
  LEFT_CLOSED
}
