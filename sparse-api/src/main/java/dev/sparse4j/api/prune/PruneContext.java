package dev.sparse4j.api.prune;

/**
 * What a pruning call needs besides the model and plan. Immutable; build with {@link #ofSeed(long)}.
 *
 * @param seed the root seed; per-layer random streams derive from it and the parameter name
 */
public record PruneContext(long seed) {

  /** A context with only a seed. */
  public static PruneContext ofSeed(long seed) {
    return new PruneContext(seed);
  }
}
