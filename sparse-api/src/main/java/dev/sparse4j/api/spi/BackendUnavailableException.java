package dev.sparse4j.api.spi;

/** No usable backend: none found, an unknown id, or the chosen one cannot start. The message lists what was found. */
public class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was asked, what was found, and what to add */
  public BackendUnavailableException(String message) {
    super(message);
  }

  /** @param message what was asked, what was found, and what to add @param cause the underlying failure */
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
