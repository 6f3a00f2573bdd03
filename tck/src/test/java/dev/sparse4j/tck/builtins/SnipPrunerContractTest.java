package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.SnipPruner;
import dev.sparse4j.tck.GradientPrunerContract;

/**
 * The built-in {@code snip} pruner on the pure-Java reference linear classifier (exact gradients), against the pruner
 * contract; the seed picks the training batch.
 */
class SnipPrunerContractTest extends GradientPrunerContract {
  @Override
  protected Pruner pruner() {
    return new SnipPruner();
  }
}
