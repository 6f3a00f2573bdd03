package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code magnitude}: keeps the weights with the largest {@code |w|} — global magnitude pruning at initialisation.
 * Needs weight values: a {@link dev.sparse4j.api.spi.SparseModel} or {@link ModelView#of(List, Map)}; no gradients,
 * no data.
 *
 * <p>Options: {@code layer-wise=true|false} (default {@code false}: global top-k), {@code collapse=guard|error|allow}
 * (default {@code guard}); see {@link ScorePruner}. Global magnitude pruning of a freshly initialised network keeps
 * proportionally more of the layers with the largest initial weights (small fan-in), so at high sparsity it is the
 * classic example of layer collapse.
 *
 * @param layerWise whether each layer keeps its planned count
 * @param collapse what happens to a layer that would keep no weight
 */
public record MagnitudePruner(boolean layerWise, Collapse collapse) implements ScorePruner {
  /** The registry name. */
  public static final String NAME = "magnitude";

  /** Checks the policy. */
  public MagnitudePruner {
    Objects.requireNonNull(collapse, "collapse");
  }

  /** Global, with {@code collapse=guard}. */
  public MagnitudePruner() {
    this(false, Collapse.GUARD);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "largest |w| (layer-wise=false|true, collapse=guard|error|allow)";
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = new SelectionOptions(layerWise, collapse).config();
    return m;
  }

  @Override
  public MagnitudePruner configure(Map<String, String> options) {
    Options o = Options.read("pruner '" + NAME + "'", options, SelectionOptions.keysWith());
    SelectionOptions s = new SelectionOptions(layerWise, collapse).apply(o);
    return new MagnitudePruner(s.layerWise(), s.collapse());
  }

  @Override
  public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamSpec p : layers) {
      float[] w;
      try {
        w = model.values(p.name());
      } catch (UnsupportedOperationException e) {
        throw new IllegalArgumentException("pruner '" + NAME + "' needs weight values: pass a model built on a "
            + "backend (SparseBackend.build(spec, seed)) or ModelView.of(parameters, values), not a values-free view",
            e);
      }
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.abs(w[i]);
      }
      out.put(p.name(), w);
    }
    return out;
  }
}
