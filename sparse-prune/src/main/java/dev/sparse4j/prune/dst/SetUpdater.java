package dev.sparse4j.prune.dst;

/**
 * SET (Mocanu et al., 2018): drops the {@code k} active weights with the smallest {@code |w|} and grows as many
 * positions drawn uniformly at random among those pruned before the update (never one it just dropped), from the
 * stream {@link UpdateContext#random} of the run seed, the step and the layer. Needs nothing of the backend. In a
 * layer with fewer than {@code k} pruned positions it changes only as many.
 */
public final class SetUpdater implements TopologyUpdater {
  /** The name on the CLI. */
  public static final String NAME = "set";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "SET: drop the smallest |w|, grow uniformly at random (seeded by run seed, step and layer)";
  }

  @Override
  public LayerChange update(LayerState layer, UpdateContext context) {
    int k = Math.min(layer.k(), layer.mask().numel() - layer.mask().kept());
    int[] dropped = DropGrow.smallestActive(layer.weights(), layer.mask(), k);
    int[] grown = DropGrow.uniformInactive(layer.mask(), k, context.random(layer.param().name()));
    return new LayerChange(dropped, grown);
  }
}
