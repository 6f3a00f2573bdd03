package dev.sparse4j.prune.dst;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-time over-parameterisation (ITOP) rate of Liu et al. (ICML 2021): the fraction of all prunable weights that
 * have been active at some point of training, kept as one bitset of ever-active positions per prunable tensor (a
 * layer the plan keeps dense counts as all active). {@link #everActive()} is a {@link MaskSet}, so a checkpoint
 * stores it in the mask file format.
 */
public final class ItopTracker {
  private final Map<String, long[]> ever = new LinkedHashMap<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();

  private ItopTracker() {}

  /**
   * A tracker that has seen {@code masks} (the initial masks, or the saved ever-active set of a resumed run).
   *
   * @param prunable every prunable tensor of the model; one without a mask in {@code masks} is dense
   */
  public static ItopTracker of(List<ParamSpec> prunable, MaskSet masks) {
    ItopTracker t = new ItopTracker();
    for (ParamSpec p : prunable) {
      Mask m = masks.contains(p.name()) ? masks.get(p.name()) : Mask.dense(p.shape());
      t.ever.put(p.name(), m.words());
      t.shapes.put(p.name(), p.shape());
    }
    return t;
  }

  /** Marks every position kept by {@code masks} as ever active. */
  public void record(MaskSet masks) {
    masks.asMap().forEach((name, m) -> {
      long[] e = ever.get(name);
      if (e == null) {
        throw new IllegalArgumentException("mask for '" + name + "', which is not a prunable tensor this tracker "
            + "knows: " + ever.keySet());
      }
      long[] w = m.words();
      for (int i = 0; i < e.length; i++) {
        e[i] |= w[i];
      }
    });
  }

  /** Σ ever-active / Σ numel over every prunable tensor. */
  public double rate() {
    long active = 0;
    long total = 0;
    for (Map.Entry<String, long[]> e : ever.entrySet()) {
      active += bits(e.getValue());
      total += numel(shapes.get(e.getKey()));
    }
    return total == 0 ? 1.0 : (double) active / total;
  }

  /** The rate of each prunable tensor, in model order. */
  public Map<String, Double> layerRates() {
    Map<String, Double> out = new LinkedHashMap<>();
    ever.forEach((name, words) -> out.put(name, (double) bits(words) / numel(shapes.get(name))));
    return out;
  }

  /** The ever-active positions, one mask per prunable tensor. */
  public MaskSet everActive() {
    Map<String, Mask> out = new LinkedHashMap<>();
    ever.forEach((name, words) -> out.put(name, Mask.ofWords(shapes.get(name), words)));
    return MaskSet.of(out);
  }

  private static long bits(long[] words) {
    long n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  private static long numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
