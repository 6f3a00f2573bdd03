package dev.sparse4j.runner;

/** A failure while running that the user can act on: printed as one message, exit code 1, no stack trace. */
public class RunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message that says what went wrong and what to do. */
  public RunException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause}. */
  public RunException(String message, Throwable cause) {
    super(message, cause);
  }
}
