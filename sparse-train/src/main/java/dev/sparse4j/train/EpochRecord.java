package dev.sparse4j.train;

/**
 * What one epoch produced.
 *
 * @param epoch 1-based epoch number ({@code 1} is the first epoch)
 * @param loss mean training cross-entropy over the epoch's examples (each step's loss is measured before its update)
 * @param trainAccuracy fraction of training examples classified correctly during the epoch
 * @param testAccuracy accuracy on the test set after the epoch, or {@code NaN} when there is no test set
 * @param learningRate the learning rate used during the epoch
 * @param seconds wall-clock seconds of the epoch, training and evaluation together
 */
public record EpochRecord(
    int epoch, double loss, double trainAccuracy, double testAccuracy, double learningRate, double seconds) {

  /** Checks the epoch number. */
  public EpochRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch numbers start at 1, got " + epoch);
    }
  }

  /** Whether a test accuracy was measured. */
  public boolean hasTestAccuracy() {
    return !Double.isNaN(testAccuracy);
  }
}
