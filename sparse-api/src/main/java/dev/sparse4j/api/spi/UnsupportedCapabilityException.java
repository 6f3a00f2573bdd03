package dev.sparse4j.api.spi;

import java.util.List;

/** A backend was asked for something it cannot do; the message names the capability and the backends that can. */
public class UnsupportedCapabilityException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;
  private final Capability capability;

  /**
   * @param backendId the backend that lacks it
   * @param capability what is missing
   * @param backendsWithIt ids of installed providers that have it
   */
  public UnsupportedCapabilityException(String backendId, Capability capability, List<String> backendsWithIt) {
    super("backend '" + backendId + "' does not support " + capability + "; "
        + (backendsWithIt.isEmpty()
            ? "no installed backend does — add one that does (e.g. dev.sparse4j:backend-djl-pytorch)"
            : "backends that do: " + String.join(", ", backendsWithIt)));
    this.capability = capability;
  }

  /**
   * An exception with a message of the caller's own, for when the standard one would mislead (e.g. the backend has
   * the capability but this model or method cannot use it) or should name who needs the capability.
   *
   * @param message the whole message
   * @param capability what is missing
   */
  public UnsupportedCapabilityException(String message, Capability capability) {
    super(message);
    this.capability = capability;
  }

  /** The missing capability. */
  public Capability capability() {
    return capability;
  }
}
