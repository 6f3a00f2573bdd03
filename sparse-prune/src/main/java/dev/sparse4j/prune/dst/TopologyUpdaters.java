package dev.sparse4j.prune.dst;

import dev.sparse4j.api.spi.NamedServices;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Finds {@link TopologyUpdater}s by name: the built-ins {@code set} and {@code rigl} plus every updater registered
 * with {@link ServiceLoader} (module path {@code provides}, or class path
 * {@code META-INF/services/dev.sparse4j.prune.dst.TopologyUpdater}, e.g. a jar on {@code SPARSE4J_PLUGINS}).
 *
 * <pre>{@code
 * TopologyUpdater rigl = TopologyUpdaters.get("rigl");
 * }</pre>
 *
 * <p>Two updaters with the same name are an error; {@code static} is reserved (it means no updater). The discovered
 * set is cached; {@link #reset()} forgets it.
 */
public final class TopologyUpdaters {
  // The only static mutable state here: the discovery cache (docs/architecture.md).
  private static NamedServices<TopologyUpdater> cached;

  private TopologyUpdaters() {}

  private static synchronized NamedServices<TopologyUpdater> registry() {
    if (cached == null) {
      cached = NamedServices.load(ServiceLoader.load(TopologyUpdater.class), TopologyUpdater.class,
          "topology updater", List.of(new SetUpdater(), new RigLUpdater()), TopologyUpdater::name);
    }
    return cached;
  }

  /**
   * The updater called {@code name}, with default options.
   *
   * @throws IllegalArgumentException for {@code static} (no updater) or an unknown name (listing the known ones)
   */
  public static TopologyUpdater get(String name) {
    if (TopologyUpdater.STATIC.equals(name)) {
      throw new IllegalArgumentException("'static' means no topology update (static sparse training), not an "
          + "updater; known updaters: " + names());
    }
    return registry().get(name);
  }

  /** The updater called {@code name}, configured with {@code options}. */
  public static TopologyUpdater get(String name, Map<String, String> options) {
    return get(name).configure(Objects.requireNonNull(options, "options"));
  }

  /** Every updater, built-ins first. */
  public static List<TopologyUpdater> all() {
    return registry().all();
  }

  /** Every updater name, built-ins first. */
  public static List<String> names() {
    return registry().names();
  }

  /** Forgets the discovered updaters; the next call discovers them again. */
  public static synchronized void reset() {
    cached = null;
  }
}
