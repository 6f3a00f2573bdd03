package dev.sparse4j.api.spi;

import java.util.List;

/**
 * The backend registry: finds {@link SparseBackendProvider}s with {@link java.util.ServiceLoader} (module path and
 * class path), once, and chooses one.
 *
 * <p>Selection order: the id passed in, else the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENVIRONMENT_VARIABLE}, else the available provider with the highest priority (equal priorities: the
 * lexicographically smallest id). There is no silent fallback; see {@link BackendRegistry} for the rules.
 *
 * <pre>{@code
 * try (SparseBackend backend = Backends.create()) {          // or Backends.create("djl-pytorch", options)
 *   SparseModel model = backend.build(spec, 42L);
 * }
 * }</pre>
 *
 * <p>The discovered providers are cached; {@link #reset()} forgets them (for tests, or after changing the class
 * path).
 */
public final class Backends {
  /** System property naming the backend to use. */
  public static final String PROPERTY = "sparse4j.backend";

  /** Environment variable naming the backend to use, read when the system property is unset. */
  public static final String ENVIRONMENT_VARIABLE = "SPARSE4J_BACKEND";

  // The only static mutable state in the library: the discovery cache (docs/architecture.md).
  private static BackendRegistry cached;

  private Backends() {}

  /** The cached registry, loading providers on first use. */
  public static synchronized BackendRegistry registry() {
    if (cached == null) {
      cached = BackendRegistry.load(null);
    }
    return cached;
  }

  /** Forgets the discovered providers; the next call discovers them again. */
  public static synchronized void reset() {
    cached = null;
  }

  /**
   * Starts the backend chosen by system property, environment variable or priority, with default options.
   *
   * @throws BackendUnavailableException if none can be chosen or it fails to start; the message lists what was found
   */
  public static SparseBackend create() {
    return registry().create(null, BackendOptions.defaults());
  }

  /**
   * Starts backend {@code id} ({@code "djl-pytorch"}, {@code "nd4j"} …) with default options.
   *
   * @throws BackendUnavailableException if it is unknown, unavailable, duplicated or fails to start; the message lists
   *     what was found and the Maven coordinates to add
   */
  public static SparseBackend create(String id) {
    return registry().create(java.util.Objects.requireNonNull(id, "id (use create() to let sparse4j choose)"),
        BackendOptions.defaults());
  }

  /**
   * Starts backend {@code idOrNull} (or the one chosen by property, environment, priority when {@code null}).
   *
   * @throws BackendUnavailableException if it is unknown, unavailable, duplicated or fails to start
   */
  public static SparseBackend create(String idOrNull, BackendOptions options) {
    return registry().create(idOrNull, options);
  }

  /**
   * The provider that {@link #create(String, BackendOptions)} would use, without starting it.
   *
   * @throws BackendUnavailableException if it is unknown, unavailable or duplicated, or nothing is installed
   */
  public static SparseBackendProvider select(String idOrNull) {
    return registry().select(idOrNull);
  }

  /** Every provider found, highest priority first. */
  public static List<ProviderInfo> providers() {
    return registry().providers();
  }

  /** Providers that were skipped or misbehaved while loading, and duplicate ids. */
  public static List<String> problems() {
    return registry().problems();
  }

  /** Ids of the installed, available providers that declare {@code capability}. */
  public static List<String> idsWith(Capability capability) {
    return registry().idsWith(capability);
  }
}
