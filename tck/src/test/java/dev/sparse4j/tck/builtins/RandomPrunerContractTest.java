package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.tck.PrunerContract;

/** The built-in {@code random} pruner (exact count) against the pruner contract. */
class RandomPrunerContractTest extends PrunerContract {
  @Override
  protected Pruner pruner() {
    return new RandomPruner();
  }
}
