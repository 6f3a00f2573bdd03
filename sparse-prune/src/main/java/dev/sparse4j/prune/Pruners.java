package dev.sparse4j.prune;

import dev.sparse4j.api.spi.NamedServices;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Map;
import java.util.Objects;

/**
 * Finds {@link Pruner}s by name: the built-in {@code random} plus every pruner registered with
 * {@link java.util.ServiceLoader} (module path {@code provides} or class path
 * {@code META-INF/services/dev.sparse4j.prune.Pruner}), so a user's pruner in its own jar shows up.
 *
 * <pre>{@code
 * Pruner random = Pruners.get("random", Map.of("mode", "exact"));
 * MaskSet masks = random.prune(view, plan, PruneContext.ofSeed(42));
 * }</pre>
 *
 * <p>Two pruners with the same name are an error; a provider that fails to load is logged and skipped. The
 * discovered set is cached; {@link #reset()} forgets it.
 */
public final class Pruners {
  // The only static mutable state here: the discovery cache (docs/architecture.md).
  private static NamedServices<Pruner> cached;

  private Pruners() {}

  private static synchronized NamedServices<Pruner> registry() {
    if (cached == null) {
      cached = NamedServices.load(ServiceLoader.load(Pruner.class), Pruner.class, "pruner", List.of(new RandomPruner()), Pruner::name);
    }
    return cached;
  }

  /**
   * The pruner called {@code name}, with default options.
   *
   * @throws IllegalArgumentException if no pruner has that name; the message lists the known ones
   * @throws IllegalStateException if two pruners on the class path share a name
   */
  public static Pruner get(String name) {
    return registry().get(name);
  }

  /**
   * The pruner called {@code name}, configured with {@code options}.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or an unknown or bad option
   */
  public static Pruner get(String name, Map<String, String> options) {
    return get(name).configure(Objects.requireNonNull(options, "options"));
  }

  /** Every pruner, built-ins first, with default options. */
  public static List<Pruner> all() {
    return registry().all();
  }

  /** Every pruner name, built-ins first. */
  public static List<String> names() {
    return registry().names();
  }

  /** Forgets the discovered pruners; the next call discovers them again. */
  public static synchronized void reset() {
    cached = null;
  }
}
