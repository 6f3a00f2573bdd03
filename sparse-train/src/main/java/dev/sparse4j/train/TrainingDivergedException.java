package dev.sparse4j.train;

/**
 * The training loss became NaN or infinite: the run cannot continue from where it is (a lower learning rate, or the
 * last good checkpoint, usually helps). An {@link IllegalStateException}, so callers that catch that still do.
 */
public class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message (which says at which epoch and step the loss stopped being finite). */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
