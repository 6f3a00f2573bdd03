package dev.sparse4j.api.model;

/** Flattens {@code [N, ...] → [N, prod(...)]}. @param name local name */
public record Flatten(String name) implements Layer {
  /** Validates the name. */
  public Flatten {
    Layer.checkName(name);
  }
}
