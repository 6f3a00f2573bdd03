package dev.sparse4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ordered, immutable name → mask map both mask sets are ({@link MaskSet} of bitmaps, {@link KeptMaskSet} of
 * kept entries), with the counts reports read ({@link MaskCounts}).
 *
 * @param <M> the mask type
 */
abstract class MaskMap<M> implements MaskCounts {
  private final Map<String, M> masks;

  MaskMap(Map<String, M> masks) {
    Map<String, M> copy = new LinkedHashMap<>();
    Objects.requireNonNull(masks, "masks")
        .forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, "mask of " + k)));
    this.masks = Collections.unmodifiableMap(copy);
  }

  /** Positions of one mask. */
  abstract long sizeOf(M mask);

  /** Kept positions of one mask. */
  abstract long keptOf(M mask);

  /** The masks by name, in order (unmodifiable). */
  public Map<String, M> asMap() {
    return masks;
  }

  /** Parameter names, in order. */
  public Set<String> names() {
    return masks.keySet();
  }

  /** Number of masked tensors. */
  @Override
  public int size() {
    return masks.size();
  }

  /** Whether {@code name} has a mask. */
  @Override
  public boolean contains(String name) {
    return masks.containsKey(name);
  }

  /**
   * The mask of {@code name}.
   *
   * @throws IllegalArgumentException naming the known parameters if there is none
   */
  public M get(String name) {
    M m = masks.get(name);
    if (m == null) {
      throw new IllegalArgumentException("no mask for parameter '" + name + "'; masked parameters: " + masks.keySet());
    }
    return m;
  }

  @Override
  public long kept(String name) {
    return keptOf(get(name));
  }

  /** Total positions over all masks. */
  @Override
  public long numel() {
    long n = 0;
    for (M m : masks.values()) {
      n += sizeOf(m);
    }
    return n;
  }

  /** Total kept positions over all masks. */
  @Override
  public long kept() {
    long k = 0;
    for (M m : masks.values()) {
      k += keptOf(m);
    }
    return k;
  }

  /** Per-layer densities, in order. */
  @Override
  public Map<String, Double> densities() {
    Map<String, Double> d = new LinkedHashMap<>();
    masks.forEach((k, v) -> d.put(k, (double) keptOf(v) / sizeOf(v)));
    return Collections.unmodifiableMap(d);
  }

  @Override
  public boolean equals(Object o) {
    // Order is part of the value: two sets with the same masks in another order are different files.
    return o != null && o.getClass() == getClass() && masks.equals(((MaskMap<?>) o).masks)
        && List.copyOf(masks.keySet()).equals(List.copyOf(((MaskMap<?>) o).masks.keySet()));
  }

  @Override
  public int hashCode() {
    return masks.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + masks.size() + " tensors, density " + density() + "]";
  }
}
