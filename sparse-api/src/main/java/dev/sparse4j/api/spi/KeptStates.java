package dev.sparse4j.api.spi;

import dev.sparse4j.api.KeptMaskSet;

/** Which masked weight an optimizer entry ({@code <weight>.momentum}, {@code .adam_m}, {@code .adam_v}) belongs to. */
final class KeptStates {
  private KeptStates() {}

  /** The masked weight {@code entry} is a slot of, or {@code null} (the step count, a bias's slot …). */
  static String owner(String entry, KeptMaskSet masks) {
    for (String suffix : new String[] {AbstractSparseModel.MOMENTUM, AbstractSparseModel.ADAM_M,
        AbstractSparseModel.ADAM_V}) {
      if (entry.endsWith(suffix)) {
        String weight = entry.substring(0, entry.length() - suffix.length());
        return masks.contains(weight) ? weight : null;
      }
    }
    return null;
  }
}
