package dev.sparse4j.prune.dst;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerChange;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerState;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies one topology update to a model through the public SPI only, so it works the same on every training
 * backend. For every sparse layer (some positions pruned, some kept; layers the plan keeps dense are never touched)
 * it asks the updater for {@code k = round(f(t) · kept)} drops and as many grows, checks the answer, then applies
 * the masks in two steps: first with the drops done, which zeroes the dropped weights and their optimizer state,
 * then with the grows, so every grown weight starts at 0.0 with zero optimizer state — a regrown weight included.
 */
public final class TopologyEngine {
  private TopologyEngine() {}

  /**
   * What an update changed.
   *
   * @param masks the model's masks after it
   * @param changes per sparse layer, what was dropped and grown (empty arrays where {@code k} was 0)
   */
  public record UpdateReport(MaskSet masks, Map<String, LayerChange> changes) {
    /** Positions grown over every layer. */
    public long grown() {
      return changes.values().stream().mapToLong(c -> c.grown().length).sum();
    }
  }

  /**
   * Checks that {@code model} offers what {@code updater} needs, before training starts.
   *
   * @throws UnsupportedCapabilityException naming the capability, the backend and the backends that have it
   */
  public static void checkBackend(SparseModel model, TopologyUpdater updater) {
    for (Capability c : updater.requiredCapabilities()) {
      if (!model.capabilities().contains(c)) {
        throw new UnsupportedCapabilityException(model.backendId(), c, Backends.idsWith(c));
      }
    }
  }

  /**
   * Makes one update before a training step.
   *
   * @param inputs the batch the step is about to train on (RigL's gradient), canonical layout
   * @param labels its labels
   * @param batchSize its size
   * @throws IllegalArgumentException if the model has no sparse layer or the updater breaks a rule (the message
   *     names the updater, the layer and the rule)
   */
  public static UpdateReport update(SparseModel model, TopologyUpdater updater, UpdateContext context,
      float[] inputs, int[] labels, int batchSize) {
    checkBackend(model, updater);
    MaskSet masks = model.masks();
    Map<String, Mask> sparse = new LinkedHashMap<>();
    masks.asMap().forEach((name, m) -> {
      if (m.kept() > 0 && m.kept() < m.numel()) {
        sparse.put(name, m);
      }
    });
    if (sparse.isEmpty()) {
      throw new IllegalArgumentException("dynamic sparse training needs a sparse model, but no layer of "
          + model.spec().name() + " is pruned; prune it first (e.g. --sparsity 0.9)");
    }
    boolean needsGradients = updater.requiredCapabilities().contains(Capability.PARAM_GRADIENTS);
    Map<String, float[]> gradients = needsGradients
        ? model.parameterGradients(inputs, labels, batchSize, true) : Map.of();
    Map<String, ParamSpec> specs = new LinkedHashMap<>();
    model.spec().prunable().forEach(p -> specs.put(p.name(), p));

    Map<String, LayerChange> changes = new LinkedHashMap<>();
    Map<String, Mask> afterDrop = new LinkedHashMap<>(masks.asMap());
    Map<String, Mask> next = new LinkedHashMap<>(masks.asMap());
    for (Map.Entry<String, Mask> e : sparse.entrySet()) {
      String name = e.getKey();
      Mask mask = e.getValue();
      int k = DropGrow.count(context.fraction(), mask.kept());
      if (k == 0) {
        changes.put(name, LayerChange.none());
        continue;
      }
      LayerState layer = new LayerState(specs.get(name), mask, model.values(name),
          needsGradients ? gradients.get(name) : null, k);
      LayerChange change = updater.update(layer, context);
      long[][] words = check(updater, name, layer, change, needsGradients);
      changes.put(name, change);
      afterDrop.put(name, Mask.ofWords(mask.shape(), words[0]));
      next.put(name, Mask.ofWords(mask.shape(), words[1]));
    }
    model.applyMasks(MaskSet.of(afterDrop));
    MaskSet result = MaskSet.of(next);
    model.applyMasks(result);
    return new UpdateReport(result, Collections.unmodifiableMap(changes));
  }

  /** Checks an updater's answer; returns the mask words after the drops and after the grows. */
  private static long[][] check(TopologyUpdater updater, String name, LayerState layer, LayerChange change,
      boolean mayRegrow) {
    String who = "topology updater '" + updater.name() + "' on " + name + ": ";
    if (change == null || change.dropped() == null || change.grown() == null) {
      throw new IllegalArgumentException(who + "returned no change; return LayerChange.none() to leave a layer");
    }
    int[] dropped = change.dropped();
    int[] grown = change.grown();
    if (dropped.length != grown.length) {
      throw new IllegalArgumentException(who + "dropped " + dropped.length + " weights but grew " + grown.length
          + "; the kept count of a layer must not change");
    }
    if (dropped.length > layer.k()) {
      throw new IllegalArgumentException(who + "changed " + dropped.length + " weights, more than the schedule's "
          + layer.k());
    }
    int numel = layer.mask().numel();
    long[] keep = layer.mask().words();
    for (int d : dropped) {
      if (d < 0 || d >= numel || (keep[d >>> 6] & (1L << d)) == 0) {
        throw new IllegalArgumentException(who + "drops position " + d + ", which is not an active weight "
            + "(or a repeated one)");
      }
      keep[d >>> 6] &= ~(1L << d);
    }
    long[] afterDrop = keep.clone();
    for (int g : grown) {
      if (g < 0 || g >= numel || (keep[g >>> 6] & (1L << g)) != 0) {
        throw new IllegalArgumentException(who + "grows position " + g + ", which is active after the drops "
            + "(or a repeated one); it must grow inactive positions only");
      }
      if (!mayRegrow && layer.mask().isKept(g)) {
        throw new IllegalArgumentException(who + "regrows position " + g + ", which it just dropped; only an "
            + "updater that grows by gradient (requiring PARAM_GRADIENTS) may do that");
      }
      keep[g >>> 6] |= 1L << g;
    }
    return new long[][] {afterDrop, keep};
  }
}
