package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.MagnitudePruner;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.tck.ContractLayers;
import dev.sparse4j.tck.PrunerContract;
import java.util.Map;

/** {@code magnitude} with {@code layer-wise=true}: exactly the plan's count in every layer. */
class LayerWiseMagnitudePrunerContractTest extends PrunerContract {
  private static final ModelView MODEL = MagnitudePrunerContractTest.withValues(ContractLayers.resNet20());

  @Override
  protected Pruner pruner() {
    return new MagnitudePruner();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("layer-wise", "true");
  }

  @Override
  protected ModelView model() {
    return MODEL;
  }

  @Override
  protected boolean seedDependent() {
    return false;
  }
}
