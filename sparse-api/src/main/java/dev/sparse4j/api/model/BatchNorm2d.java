package dev.sparse4j.api.model;

/**
 * Batch normalisation over channels with PyTorch semantics: {@code weight}, {@code bias} (learned),
 * {@code running_mean}, {@code running_var} (buffers); running stats updated with {@code momentum} (PyTorch's
 * convention: {@code new = (1 − momentum)·old + momentum·batch}).
 *
 * @param name local name
 * @param channels number of channels
 * @param eps added to the variance
 * @param momentum running-statistics momentum (PyTorch default 0.1)
 */
public record BatchNorm2d(String name, int channels, double eps, double momentum) implements Layer {

  /** Validates the arguments. */
  public BatchNorm2d {
    Layer.checkName(name);
    Layer.positive("channels of batch-norm " + name, channels);
  }

  /** PyTorch defaults: eps 1e-5, momentum 0.1. */
  public static BatchNorm2d of(String name, int channels) {
    return new BatchNorm2d(name, channels, 1e-5, 0.1);
  }
}
