package dev.sparse4j.api;

import java.util.Map;

/** Ordered, immutable map from parameter name to {@link Mask}; the order is the model's parameter order. */
public final class MaskSet extends MaskMap<Mask> {
  private static final MaskSet EMPTY = new MaskSet(Map.of());

  private MaskSet(Map<String, Mask> masks) {
    super(masks);
  }

  /** Copies {@code masks}, keeping its iteration order. */
  public static MaskSet of(Map<String, Mask> masks) {
    return new MaskSet(masks);
  }

  /** An empty set (a dense model). */
  public static MaskSet empty() {
    return EMPTY;
  }

  @Override
  long sizeOf(Mask mask) {
    return mask.numel();
  }

  @Override
  long keptOf(Mask mask) {
    return mask.kept();
  }

  /** Zeroes the pruned entries of the flat parameter {@code values} of {@code name} in place. */
  public void apply(String name, float[] values) {
    get(name).apply(values);
  }
}
