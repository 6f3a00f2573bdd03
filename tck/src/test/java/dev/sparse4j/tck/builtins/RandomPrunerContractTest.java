package dev.sparse4j.tck.builtins;

import dev.sparse4j.api.prune.Pruner;
import dev.sparse4j.api.prune.RandomPruner;
import dev.sparse4j.tck.PrunerContract;

/** The built-in {@code random} pruner (exact count) against the pruner contract. */
class RandomPrunerContractTest extends PrunerContract {
  @Override
  protected Pruner pruner() {
    return new RandomPruner();
  }
}
