package dev.sparse4j.api.model;

/** Rectified linear unit. @param name local name */
public record Relu(String name) implements Layer {
  /** Validates the name. */
  public Relu {
    Layer.checkName(name);
  }
}
