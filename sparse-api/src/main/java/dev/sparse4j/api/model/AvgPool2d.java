package dev.sparse4j.api.model;

/**
 * Average pooling with a square window (padding counted as zeros, PyTorch's default).
 *
 * @param name local name
 * @param kernelSize window size
 * @param stride stride
 * @param padding padding on each side
 */
public record AvgPool2d(String name, int kernelSize, int stride, int padding) implements Layer {
  /** Validates the arguments. */
  public AvgPool2d {
    Layer.checkName(name);
    Layer.positive("kernelSize of avg-pool " + name, kernelSize);
    Layer.positive("stride of avg-pool " + name, stride);
  }
}
