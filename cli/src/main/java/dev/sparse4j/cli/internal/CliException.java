package dev.sparse4j.cli.internal;

/** A failure while running that the user can act on: printed as one message, exit code 1, no stack trace. */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message that says what went wrong and what to do. */
  public CliException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause}. */
  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
