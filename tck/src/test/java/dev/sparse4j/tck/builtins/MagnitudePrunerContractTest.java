package dev.sparse4j.tck.builtins;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.MagnitudePruner;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.tck.ContractLayers;
import dev.sparse4j.tck.PrunerContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The built-in {@code magnitude} pruner (global) on ResNet-20 weights with values, against the pruner contract. */
class MagnitudePrunerContractTest extends PrunerContract {
  private static final ModelView MODEL = withValues(ContractLayers.resNet20());

  /** Weights uniform in ±1/√fan_in, as PyTorch initialises them. */
  static ModelView withValues(List<ParamSpec> params) {
    SplittableRandom r = new SplittableRandom(17);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParamSpec p : params) {
      double bound = 1 / Math.sqrt((double) p.numel() / p.dim(0));
      float[] v = new float[p.numel()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
      }
      values.put(p.name(), v);
    }
    return ModelView.of(params, values);
  }

  @Override
  protected Pruner pruner() {
    return new MagnitudePruner();
  }

  @Override
  protected ModelView model() {
    return MODEL;
  }

  @Override
  protected boolean followsPlanPerLayer() {
    return false;
  }

  @Override
  protected boolean seedDependent() {
    return false; // continuous values have no ties, so the seed never matters
  }
}
