package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.tck.PrunerContract;
import java.util.Map;

/** The built-in {@code random} pruner in {@code mode=bernoulli}: a random count per layer. */
class BernoulliRandomPrunerContractTest extends PrunerContract {
  @Override
  protected Pruner pruner() {
    return Pruners.get("random");
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("mode", "bernoulli");
  }

  @Override
  protected boolean exactCount() {
    return false;
  }
}
