package dev.sparse4j.prune;

import dev.sparse4j.api.spi.GradientView;
import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.Options;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.spi.Capability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code snip} (Lee et al., 2019, "SNIP: Single-shot Network Pruning based on Connection Sensitivity"): keeps the
 * weights with the largest connection sensitivity {@code |g ⊙ w|}, where {@code g = Σ_b ∂L_b/∂w} is the gradient of
 * the mean cross-entropy summed over {@code batches} seeded training batches, with batch-norm in training mode
 * (batch statistics; running statistics are left alone).
 *
 * <p>Needs a model built on a backend with {@link Capability#PARAM_GRADIENTS} and training data in the context
 * ({@link PruneContext#withData}); it reads both through {@link PruneContext#gradients}. The batches are drawn
 * without replacement from a shuffle seeded by the context's seed ({@link GradientView#batches}), so a seed picks
 * the data. The model is
 * not changed (no optimizer step, no state change).
 *
 * <p>Options: {@code batches} (default 1), {@code batch-size} (default 128), {@code layer-wise}, {@code collapse}
 * (see {@link ScorePruner}).
 *
 * @param layerWise whether each layer keeps its planned count
 * @param collapse what happens to a layer that would keep no weight
 * @param batches number of batches the gradient is summed over, ≥ 1
 * @param batchSize examples per batch, ≥ 1 (capped at the data size)
 */
public record SnipPruner(boolean layerWise, Collapse collapse, int batches, int batchSize) implements ScorePruner {
  /** The registry name. */
  public static final String NAME = "snip";

  /** Checks the settings. */
  public SnipPruner {
    Objects.requireNonNull(collapse, "collapse");
    if (batches < 1 || batchSize < 1) {
      throw new IllegalArgumentException("pruner '" + NAME + "' needs batches ≥ 1 and batch-size ≥ 1, got "
          + batches + " and " + batchSize);
    }
  }

  /** Global, {@code collapse=guard}, one batch of 128. */
  public SnipPruner() {
    this(false, Collapse.GUARD, 1, 128);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public String description() {
    return "largest |gradient × weight| on training batches (batches, batch-size, layer-wise, collapse)";
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = new SelectionOptions(layerWise, collapse).config();
    m.put("batches", Integer.toString(batches));
    m.put("batch-size", Integer.toString(batchSize));
    return m;
  }

  @Override
  public SnipPruner configure(Map<String, String> options) {
    Options o = Options.read("pruner '" + NAME + "'", options, SelectionOptions.keysWith("batches", "batch-size"));
    SelectionOptions s = new SelectionOptions(layerWise, collapse).apply(o);
    return new SnipPruner(s.layerWise(), s.collapse(), o.wholeNumber("batches", 1, batches),
        o.wholeNumber("batch-size", 1, batchSize));
  }

  @Override
  public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
    GradientView view = context.gradients(NAME, model);
    Map<String, double[]> g = new LinkedHashMap<>();
    for (ParamSpec p : layers) {
      g.put(p.name(), new double[p.numel()]);
    }
    for (GradientView.Batch b : view.batches(batches, batchSize)) {
      Map<String, float[]> grads = view.lossGradients(b, true);
      g.forEach((name, acc) -> {
        float[] gb = grads.get(name);
        for (int i = 0; i < acc.length; i++) {
          acc[i] += gb[i];
        }
      });
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamSpec p : layers) {
      float[] w = view.values(p.name());
      double[] acc = g.get(p.name());
      float[] s = new float[w.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) Math.abs(acc[i] * w[i]);
      }
      out.put(p.name(), s);
    }
    return out;
  }
}
