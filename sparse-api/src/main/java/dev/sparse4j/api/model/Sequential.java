package dev.sparse4j.api.model;

import java.util.List;

/**
 * Layers applied in order. Children named like PyTorch's {@code nn.Sequential} use {@code "0"}, {@code "1"}, ….
 *
 * @param name local name (empty adds no segment)
 * @param layers children in order
 */
public record Sequential(String name, List<Layer> layers) implements Layer {

  /** Validates the name and copies the children. */
  public Sequential {
    Layer.checkName(name);
    layers = List.copyOf(layers);
  }

  /** A sequential block. */
  public static Sequential of(String name, Layer... layers) {
    return new Sequential(name, List.of(layers));
  }
}
