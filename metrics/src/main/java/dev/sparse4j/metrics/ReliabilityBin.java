package dev.sparse4j.metrics;

/**
 * One bar of a reliability diagram.
 *
 * @param lower lower edge {@code b/B}
 * @param upper upper edge {@code (b+1)/B}
 * @param count number of examples whose confidence falls in the bin
 * @param accuracy fraction of those predicted correctly; 0 when {@code count == 0}
 * @param confidence their mean confidence; 0 when {@code count == 0}
 */
public record ReliabilityBin(double lower, double upper, int count, double accuracy, double confidence) {

  /** Whether no example fell in this bin (its accuracy and confidence are then 0, not measured). */
  public boolean isEmpty() {
    return count == 0;
  }

  /** {@code |accuracy − confidence|}, the bin's calibration gap; 0 for an empty bin. */
  public double gap() {
    return Math.abs(accuracy - confidence);
  }
}
