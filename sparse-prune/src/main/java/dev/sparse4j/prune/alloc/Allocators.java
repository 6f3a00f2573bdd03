package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.spi.NamedServices;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Map;
import java.util.Objects;

/**
 * Finds {@link DensityAllocator}s by name: the built-ins ({@code dense}, {@code uniform}, {@code er}, {@code erk},
 * {@code uniform-plus}, {@code erk-plus}, {@code custom}) plus every allocator registered with
 * {@link java.util.ServiceLoader} (module path {@code provides} or class path
 * {@code META-INF/services/dev.sparse4j.prune.DensityAllocator}), so a user's allocator in its own jar shows up.
 *
 * <pre>{@code
 * DensityAllocator erk = Allocators.get("erk", Map.of("power-scale", "1.0"));
 * DensityPlan plan = erk.allocate(model.prunable(), Density.ofSparsity(0.9));   // keeps 10 %
 * }</pre>
 *
 * <p>Two allocators with the same name are an error; a provider that fails to load is logged and skipped. The
 * discovered set is cached; {@link #reset()} forgets it.
 */
public final class Allocators {
  // The only static mutable state here: the discovery cache.
  private static NamedServices<DensityAllocator> cached;

  private Allocators() {}

  private static synchronized NamedServices<DensityAllocator> registry() {
    if (cached == null) {
      cached = NamedServices.load(ServiceLoader.load(DensityAllocator.class), DensityAllocator.class, "allocator", builtins(), DensityAllocator::name);
    }
    return cached;
  }

  private static List<DensityAllocator> builtins() {
    return List.of(new DenseAllocator(), new UniformAllocator(), new ErAllocator(), new ErkAllocator(),
        new UniformPlusAllocator(), new ErkPlusAllocator(), new CustomAllocator());
  }

  /**
   * The allocator called {@code name}, with default options.
   *
   * @throws IllegalArgumentException if no allocator has that name; the message lists the known ones
   * @throws IllegalStateException if two allocators on the class path share a name
   */
  public static DensityAllocator get(String name) {
    return registry().get(name);
  }

  /**
   * The allocator called {@code name}, configured with {@code options} (see each allocator for its keys).
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or an unknown or bad option
   *     (listing the known options)
   */
  public static DensityAllocator get(String name, Map<String, String> options) {
    return get(name).configure(Objects.requireNonNull(options, "options"));
  }

  /** Every allocator, built-ins first, with default options. */
  public static List<DensityAllocator> all() {
    return registry().all();
  }

  /** Every allocator name, built-ins first. */
  public static List<String> names() {
    return registry().names();
  }

  /**
   * A {@code custom} allocator fixing the given layers' densities (the others share the rest uniformly).
   *
   * @see CustomAllocator
   */
  public static DensityAllocator custom(Map<String, Double> densities) {
    return CustomAllocator.of(densities);
  }

  /** Forgets the discovered allocators; the next call discovers them again (for tests or a changed class path). */
  public static synchronized void reset() {
    cached = null;
  }
}
