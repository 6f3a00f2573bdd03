package com.example.prune;

import dev.sparse4j.api.Options;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.spi.GradientView;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.ScorePruner;
import dev.sparse4j.prune.SelectionOptions;
import dev.sparse4j.api.spi.Capability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grad-norm}: keeps the weights whose training-loss gradient is largest in magnitude, {@code |Σ_b ∂L_b/∂w|}
 * over {@code batches} seeded batches — a gradient-based score pruner written only against the public API. It
 * implements {@link #scores} and inherits from {@link ScorePruner} the selection (global or layer-wise top-k, seeded
 * ties, the collapse guard); {@link SelectionOptions} and {@link Options} parse its options with the built-ins'
 * messages; {@link PruneContext#gradients} gives it the gradients and data without a downcast, checked against the
 * backend; {@link #requiredCapabilities()} lets the CLI refuse a backend without parameter gradients before training.
 *
 * <p>Options: {@code batches} (1), {@code batch-size} (64), {@code layer-wise} (false), {@code collapse} (guard).
 *
 * @param selection the standard {@code layer-wise} and {@code collapse} options
 * @param batches number of batches the gradient is summed over, ≥ 1
 * @param batchSize examples per batch, ≥ 1
 */
public record GradNormPruner(SelectionOptions selection, int batches, int batchSize) implements ScorePruner {
  /** The registry name. */
  public static final String NAME = "grad-norm";

  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls: global, one batch of 64. */
  public GradNormPruner() {
    this(SelectionOptions.DEFAULT, 1, 64);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "largest |loss gradient| on training batches (batches, batch-size, layer-wise, collapse)";
  }

  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public boolean layerWise() {
    return selection.layerWise();
  }

  @Override
  public Collapse collapse() {
    return selection.collapse();
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = selection.config();
    m.put("batches", Integer.toString(batches));
    m.put("batch-size", Integer.toString(batchSize));
    return m;
  }

  @Override
  public GradNormPruner configure(Map<String, String> options) {
    Options o = Options.read("pruner '" + NAME + "'", options, SelectionOptions.keysWith("batches", "batch-size"));
    return new GradNormPruner(selection.apply(o), o.wholeNumber("batches", 1, batches),
        o.wholeNumber("batch-size", 1, batchSize));
  }

  @Override
  public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
    GradientView view = context.gradients(NAME, model);
    Map<String, double[]> sum = new LinkedHashMap<>();
    layers.forEach(p -> sum.put(p.name(), new double[p.numel()]));
    for (GradientView.Batch b : view.batches(batches, batchSize)) {
      Map<String, float[]> g = view.lossGradients(b, true);
      sum.forEach((name, acc) -> {
        float[] gl = g.get(name);
        for (int i = 0; i < acc.length; i++) {
          acc[i] += gl[i];
        }
      });
    }
    Map<String, float[]> scores = new LinkedHashMap<>();
    sum.forEach((name, acc) -> {
      float[] s = new float[acc.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) Math.abs(acc[i]);
      }
      scores.put(name, s);
    });
    return scores;
  }
}
