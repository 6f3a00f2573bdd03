package dev.sparse4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Ordered, immutable map from parameter name to {@link Mask}; the order is the model's parameter order. */
public final class MaskSet {
  private final Map<String, Mask> masks;

  private MaskSet(Map<String, Mask> masks) {
    this.masks = masks;
  }

  /** Copies {@code masks}, keeping its iteration order. */
  public static MaskSet of(Map<String, Mask> masks) {
    Objects.requireNonNull(masks, "masks");
    Map<String, Mask> copy = new LinkedHashMap<>();
    masks.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, "mask of " + k)));
    return new MaskSet(Collections.unmodifiableMap(copy));
  }

  /** An empty set (a dense model). */
  public static MaskSet empty() {
    return new MaskSet(Map.of());
  }

  /** The masks by name, in order (unmodifiable). */
  public Map<String, Mask> asMap() {
    return masks;
  }

  /** Parameter names, in order. */
  public Set<String> names() {
    return masks.keySet();
  }

  /** Number of masked tensors. */
  public int size() {
    return masks.size();
  }

  /** Whether {@code name} has a mask. */
  public boolean contains(String name) {
    return masks.containsKey(name);
  }

  /**
   * The mask of {@code name}.
   *
   * @throws IllegalArgumentException naming the known parameters if there is none
   */
  public Mask get(String name) {
    Mask m = masks.get(name);
    if (m == null) {
      throw new IllegalArgumentException("no mask for parameter '" + name + "'; masked parameters: " + masks.keySet());
    }
    return m;
  }

  /** Total positions over all masks. */
  public long numel() {
    long n = 0;
    for (Mask m : masks.values()) {
      n += m.numel();
    }
    return n;
  }

  /** Total kept positions over all masks. */
  public long kept() {
    long k = 0;
    for (Mask m : masks.values()) {
      k += m.kept();
    }
    return k;
  }

  /** Overall density, {@code kept / numel} (1.0 for an empty set). */
  public double density() {
    long n = numel();
    return n == 0 ? 1.0 : (double) kept() / n;
  }

  /** Per-layer densities, in order. */
  public Map<String, Double> densities() {
    Map<String, Double> d = new LinkedHashMap<>();
    masks.forEach((k, v) -> d.put(k, v.density()));
    return Collections.unmodifiableMap(d);
  }

  /** Zeroes the pruned entries of the flat parameter {@code values} of {@code name} in place. */
  public void apply(String name, float[] values) {
    get(name).apply(values);
  }

  @Override
  public boolean equals(Object o) {
    // Order is part of the value: two sets with the same masks in another order are different files.
    return o instanceof MaskSet s
        && masks.equals(s.masks)
        && java.util.List.copyOf(masks.keySet()).equals(java.util.List.copyOf(s.masks.keySet()));
  }

  @Override
  public int hashCode() {
    return masks.hashCode();
  }

  @Override
  public String toString() {
    return "MaskSet[" + masks.size() + " tensors, density " + density() + "]";
  }
}
