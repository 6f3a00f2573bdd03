package dev.sparse4j.api.spi;

import java.util.Map;
import java.util.Set;

/**
 * A cheap descriptor of one engine, found through {@link java.util.ServiceLoader}. Constructing a provider and
 * calling {@link #id()}, {@link #priority()}, {@link #availability()} and {@link #capabilities()} must not load
 * native libraries; {@link #create(BackendOptions)} does the heavy work.
 *
 * <p>Register it both with {@code provides dev.sparse4j.api.spi.SparseBackendProvider with …} in
 * {@code module-info.java} and in {@code META-INF/services/dev.sparse4j.api.spi.SparseBackendProvider}.
 */
public interface SparseBackendProvider {

  /** Unique lower-kebab id, e.g. {@code djl-pytorch}. */
  String id();

  /** Higher wins when no backend is named. */
  int priority();

  /** Whether this provider can work here; never throws. */
  Availability availability();

  /** What backends from this provider can do. */
  Set<Capability> capabilities();

  /** Versions of the engine parts (e.g. {@code djl=0.36.0}, {@code pytorch=2.7.1}); may be empty. */
  default Map<String, String> versions() {
    return Map.of();
  }

  /** Maven coordinates a user adds to get this provider, for error messages. */
  default String coordinates() {
    return "";
  }

  /**
   * Creates the backend: loads native libraries and starts the engine.
   *
   * @throws BackendUnavailableException if the engine cannot start, saying why
   */
  SparseBackend create(BackendOptions options);
}
