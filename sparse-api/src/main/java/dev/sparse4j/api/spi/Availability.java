package dev.sparse4j.api.spi;

import java.util.Objects;

/**
 * Whether a provider can create a backend here, and why (not).
 *
 * @param available whether {@link SparseBackendProvider#create} is expected to succeed
 * @param reason human-readable detail: what was found, or what is missing and how to add it
 */
public record Availability(boolean available, String reason) {

  /** Requires a reason. */
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  /** Available, with a detail such as the native library found. */
  public static Availability available(String detail) {
    return new Availability(true, detail);
  }

  /** Not available, with what is missing and what to do. */
  public static Availability unavailable(String reason) {
    return new Availability(false, reason);
  }
}
