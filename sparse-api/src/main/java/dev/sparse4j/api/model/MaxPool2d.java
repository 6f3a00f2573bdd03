package dev.sparse4j.api.model;

/**
 * Max pooling with a square window.
 *
 * @param name local name
 * @param kernelSize window size
 * @param stride stride
 * @param padding padding on each side
 */
public record MaxPool2d(String name, int kernelSize, int stride, int padding) implements Layer {
  /** Validates the arguments. */
  public MaxPool2d {
    Layer.checkName(name);
    Layer.positive("kernelSize of max-pool " + name, kernelSize);
    Layer.positive("stride of max-pool " + name, stride);
  }
}
