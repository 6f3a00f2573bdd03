package dev.sparse4j.prune.dst;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-time over-parameterisation (ITOP) rate of Liu et al. (ICML 2021): the fraction of all prunable weights that
 * have been active at some point of training, kept as the ever-active positions of each prunable tensor in
 * compressed rows ({@link KeptMask}; a layer the plan keeps dense counts as all active), so layers too large for a
 * bitmap are tracked too. {@link #everActive()} is a {@link MaskSet}, so a checkpoint stores it in the mask file
 * format.
 */
public final class ItopTracker {
  private final Map<String, KeptMask> ever = new LinkedHashMap<>();

  private ItopTracker() {}

  /**
   * A tracker that has seen {@code masks} (the initial masks, or the saved ever-active set of a resumed run).
   *
   * @param prunable every prunable tensor of the model (rank ≥ 2); one without a mask in {@code masks} is dense
   */
  public static ItopTracker of(List<ParamSpec> prunable, MaskSet masks) {
    return of(prunable, KeptMaskSet.of(masks));
  }

  /** {@link #of(List, MaskSet)} from kept-entry masks. */
  public static ItopTracker of(List<ParamSpec> prunable, KeptMaskSet masks) {
    ItopTracker t = new ItopTracker();
    for (ParamSpec p : prunable) {
      t.ever.put(p.name(), masks.contains(p.name()) ? masks.get(p.name()) : KeptMask.dense(p.shape()));
    }
    return t;
  }

  /** Marks every position kept by {@code masks} as ever active. */
  public void record(MaskSet masks) {
    masks.names().forEach(this::requireKnown);
    record(KeptMaskSet.of(masks));
  }

  /** Marks every position kept by {@code masks} as ever active. */
  public void record(KeptMaskSet masks) {
    masks.asMap().forEach((name, m) -> ever.put(name, requireKnown(name).union(m)));
  }

  private KeptMask requireKnown(String name) {
    KeptMask e = ever.get(name);
    if (e == null) {
      throw new IllegalArgumentException("mask for '" + name + "', which is not a prunable tensor this tracker "
          + "knows: " + ever.keySet());
    }
    return e;
  }

  /** Σ ever-active / Σ numel over every prunable tensor. */
  public double rate() {
    long active = 0;
    long total = 0;
    for (KeptMask m : ever.values()) {
      active += m.kept();
      total += m.size();
    }
    return total == 0 ? 1.0 : (double) active / total;
  }

  /** The rate of each prunable tensor, in model order. */
  public Map<String, Double> layerRates() {
    Map<String, Double> out = new LinkedHashMap<>();
    ever.forEach((name, m) -> out.put(name, m.density()));
    return out;
  }

  /**
   * The ever-active positions, one mask per prunable tensor.
   *
   * @throws IllegalStateException if a tensor is too large for a bitmap (use {@link #everActiveKept()})
   */
  public MaskSet everActive() {
    return everActiveKept().toMaskSet();
  }

  /** The ever-active positions as kept entries. */
  public KeptMaskSet everActiveKept() {
    return KeptMaskSet.of(ever);
  }
}
