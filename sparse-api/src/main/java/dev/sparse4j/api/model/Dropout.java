package dev.sparse4j.api.model;

/**
 * Dropout (active in training mode only).
 *
 * @param name local name
 * @param p drop probability in [0, 1)
 */
public record Dropout(String name, double p) implements Layer {
  /** Validates the arguments. */
  public Dropout {
    Layer.checkName(name);
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
  }
}
