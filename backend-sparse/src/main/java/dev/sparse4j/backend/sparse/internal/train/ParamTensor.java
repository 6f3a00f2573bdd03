package dev.sparse4j.backend.sparse.internal.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state tensor as the trainer holds it: a convolution or linear weight as its kept entries ({@link #index()}
 * non-null), anything else dense. The gradient and the optimizer slots ({@code .momentum}, {@code .adam_m},
 * {@code .adam_v}) have the length of {@link #values()}, so a weight pays for its kept entries only.
 */
final class ParamTensor {
  private final String name;
  private final long numel;
  private KeptIndex index;
  private float[] values;
  private float[] grad;
  private final Map<String, float[]> slots = new LinkedHashMap<>();

  /** A dense tensor. */
  ParamTensor(String name, float[] dense) {
    this.name = name;
    this.numel = dense.length;
    this.values = dense;
  }

  /** A weight of {@code rows} rows, every entry kept until {@link #retarget}. */
  ParamTensor(String name, float[] dense, int rows) {
    this.name = name;
    this.numel = dense.length;
    this.index = KeptIndex.full(rows, dense.length / rows);
    this.values = dense;
  }

  /** A weight holding the entries of {@code index} only, with their values. */
  ParamTensor(String name, KeptIndex index, float[] keptValues) {
    if (keptValues.length != index.kept()) {
      throw new IllegalArgumentException(name + ": " + keptValues.length + " values for " + index.kept()
          + " kept entries");
    }
    this.name = name;
    this.numel = index.size();
    this.index = index;
    this.values = keptValues;
  }

  String name() {
    return name;
  }

  /** Entries of the dense tensor. */
  long numel() {
    return numel;
  }

  /** The kept entries of a weight; null for a dense tensor. */
  KeptIndex index() {
    return index;
  }

  /** Live values (kept entries of a weight). */
  float[] values() {
    return values;
  }

  /** The gradient of the last backward pass, same length as {@link #values()} (allocated on first use). */
  float[] grad() {
    if (grad == null) {
      grad = new float[values.length];
    }
    return grad;
  }

  /** The optimizer slot named by its suffix, or null. */
  float[] slot(String suffix) {
    return slots.get(suffix);
  }

  /** Replaces the optimizer slots by zeros of the given suffixes. */
  void resetSlots(Iterable<String> suffixes) {
    slots.clear();
    for (String s : suffixes) {
      slots.put(s, new float[values.length]);
    }
  }

  /** A dense copy of the values. */
  float[] dense() {
    return index == null ? values.clone() : index.expand(values);
  }

  /** A dense copy of a slot. */
  float[] denseSlot(String suffix) {
    float[] s = slots.get(suffix);
    return index == null ? s.clone() : index.expand(s);
  }

  /** Overwrites the values from a dense array (only kept entries are read). */
  void setDense(float[] dense) {
    values = index == null ? dense.clone() : index.gather(dense);
  }

  /** Replaces the values by {@code kept} (one per kept entry, or the whole tensor when dense). */
  void setKept(float[] kept) {
    values = kept;
  }

  /** Replaces a slot by {@code kept} (the length of {@link #values()}). */
  void setSlot(String suffix, float[] kept) {
    slots.put(suffix, kept);
  }

  /** Overwrites a slot from a dense array. */
  void setDenseSlot(String suffix, float[] dense) {
    slots.put(suffix, index == null ? dense.clone() : index.gather(dense));
  }

  private static float[] carry(float[] from, int[] map) {
    float[] out = new float[map.length];
    for (int e = 0; e < map.length; e++) {
      out[e] = map[e] < 0 ? 0f : from[map[e]];
    }
    return out;
  }

  /**
   * Moves a weight to other kept entries: values and slots of entries kept before and after are carried over,
   * newly kept entries start at 0. Per row, a merge of the old and new kept columns (both ascending), so no dense copy
   * is made whatever the weight's size.
   */
  void retarget(KeptIndex next) {
    if (index == null) {
      throw new IllegalStateException(name + " is not a weight");
    }
    KeptIndex old = index;
    int[] map = new int[next.kept()]; // old entry of each new entry, or -1 if newly kept
    int[] os = old.start();
    int[] oc = old.cols();
    int[] ns = next.start();
    int[] nc = next.cols();
    for (int r = 0; r < next.rows(); r++) {
      int a = os[r];
      for (int e = ns[r]; e < ns[r + 1]; e++) {
        while (a < os[r + 1] && oc[a] < nc[e]) {
          a++;
        }
        map[e] = a < os[r + 1] && oc[a] == nc[e] ? a : -1;
      }
    }
    values = carry(values, map);
    slots.replaceAll((suffix, s) -> carry(s, map));
    grad = null;
    index = next;
  }
}
