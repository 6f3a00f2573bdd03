package dev.sparse4j.api.model;

/** Average over the spatial dimensions, {@code [N, C, H, W] → [N, C]}. @param name local name */
public record GlobalAvgPool2d(String name) implements Layer {
  /** Validates the name. */
  public GlobalAvgPool2d {
    Layer.checkName(name);
  }
}
