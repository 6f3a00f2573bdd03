package dev.sparse4j.api.model;

/**
 * 2-D convolution with a square kernel; weight {@code [out, in, k, k]}, optional bias {@code [out]}.
 *
 * @param name local name
 * @param inChannels input channels
 * @param outChannels output channels
 * @param kernelSize kernel height and width
 * @param stride stride
 * @param padding zero padding on each side
 * @param bias whether there is a bias
 */
public record Conv2d(String name, int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias)
    implements Layer {

  /** Validates the arguments. */
  public Conv2d {
    Layer.checkName(name);
    Layer.positive("inChannels of conv " + name, inChannels);
    Layer.positive("outChannels of conv " + name, outChannels);
    Layer.positive("kernelSize of conv " + name, kernelSize);
    Layer.positive("stride of conv " + name, stride);
    if (padding < 0) {
      throw new IllegalArgumentException("padding of conv " + name + " must be ≥ 0, got " + padding);
    }
  }
}
