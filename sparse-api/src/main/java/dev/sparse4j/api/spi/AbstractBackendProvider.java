package dev.sparse4j.api.spi;

import java.util.Objects;
import java.util.Set;

/**
 * The descriptor part every provider shares: a fixed id, priority, capability set and Maven coordinates, and the
 * argument check of {@link #create(BackendOptions)}. A provider supplies {@link #availability()} (cheap, never
 * throws, loads no native library) and {@link #start(BackendOptions)} (the heavy part).
 *
 * <pre>{@code
 * public final class MyProvider extends AbstractBackendProvider {
 *   public MyProvider() {
 *     super("my-engine", 20, EnumSet.of(Capability.TRAIN), "com.example:my-backend:1.0");
 *   }
 *   public Availability availability() { return Availability.available("pure Java"); }
 *   protected SparseBackend start(BackendOptions options) { return new MyBackend(options); }
 * }
 * }</pre>
 */
public abstract class AbstractBackendProvider implements SparseBackendProvider {
  private final String id;
  private final int priority;
  private final Set<Capability> capabilities;
  private final String coordinates;

  /**
   * @param id unique lower-kebab id
   * @param priority higher wins when no backend is named
   * @param capabilities what backends from this provider can do (copied)
   * @param coordinates the Maven artifact that holds the provider, for error messages
   */
  protected AbstractBackendProvider(String id, int priority, Set<Capability> capabilities, String coordinates) {
    this.id = Objects.requireNonNull(id, "id");
    this.priority = priority;
    this.capabilities = Set.copyOf(capabilities);
    this.coordinates = Objects.requireNonNull(coordinates, "coordinates");
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final int priority() {
    return priority;
  }

  @Override
  public final Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public final String coordinates() {
    return coordinates;
  }

  @Override
  public final SparseBackend create(BackendOptions options) {
    Objects.requireNonNull(options, "options");
    return start(options);
  }

  /**
   * Loads the native libraries and starts the engine.
   *
   * @throws BackendUnavailableException if the engine cannot start, saying why
   */
  protected abstract SparseBackend start(BackendOptions options);

  /** The class loader that loaded this provider (natives and engine classes are looked up there). */
  protected final ClassLoader loader() {
    ClassLoader l = getClass().getClassLoader();
    return l != null ? l : ClassLoader.getSystemClassLoader();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + id + "]";
  }
}
