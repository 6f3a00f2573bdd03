package dev.sparse4j.tck.builtins;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;
import dev.sparse4j.api.prune.SnipPruner;
import dev.sparse4j.api.reference.LinearSoftmaxModel;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.PrunerContract;
import java.util.Map;

/**
 * The built-in {@code snip} pruner on the pure-Java reference linear classifier (exact gradients), against the pruner
 * contract; the seed picks the training batch.
 */
class SnipPrunerContractTest extends PrunerContract {
  private static final LinearSoftmaxModel MODEL = new LinearSoftmaxModel(new int[] {1, 6, 6}, 10, 3);
  private static final Dataset DATA = new Dataset("contract", BackendData.inputs(64 * 36, 1),
      BackendData.labels(64, 10, 1), new int[] {1, 6, 6}, 10);

  @Override
  protected Pruner pruner() {
    return new SnipPruner();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("batch-size", "16");
  }

  @Override
  protected ModelView model() {
    return MODEL;
  }

  @Override
  protected PruneContext context(long seed) {
    return PruneContext.ofSeed(seed).withData(DATA);
  }
}
