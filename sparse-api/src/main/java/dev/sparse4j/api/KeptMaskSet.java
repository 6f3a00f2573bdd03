package dev.sparse4j.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ordered, immutable map from parameter name to {@link KeptMask}: the masks of a model held as kept entries only
 * (see {@code Capability.KEPT_ENTRIES}); the order is the model's parameter order.
 */
public final class KeptMaskSet extends MaskMap<KeptMask> {
  private KeptMaskSet(Map<String, KeptMask> masks) {
    super(masks);
  }

  /** Copies {@code masks}, keeping its iteration order. */
  public static KeptMaskSet of(Map<String, KeptMask> masks) {
    return new KeptMaskSet(masks);
  }

  /** The kept positions of bitmap masks. */
  public static KeptMaskSet of(MaskSet masks) {
    Map<String, KeptMask> out = new LinkedHashMap<>();
    masks.asMap().forEach((k, v) -> out.put(k, KeptMask.of(v)));
    return new KeptMaskSet(out);
  }

  /**
   * The same masks as bitmaps.
   *
   * @throws IllegalStateException if a tensor is too large for a bitmap
   */
  public MaskSet toMaskSet() {
    Map<String, Mask> out = new LinkedHashMap<>();
    asMap().forEach((k, v) -> out.put(k, v.toMask()));
    return MaskSet.of(out);
  }

  @Override
  long sizeOf(KeptMask mask) {
    return mask.size();
  }

  @Override
  long keptOf(KeptMask mask) {
    return mask.kept();
  }
}
