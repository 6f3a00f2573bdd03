package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sparse4j.api.spi.DropoutNoise;
import java.util.function.LongSupplier;

/**
 * Inverted dropout whose masks come from {@link DropoutNoise} (the step's noise seed and the layer's path) instead of
 * PyTorch's global generator: the same step drops the same activations on every backend and after a resume.
 */
final class SeededDropoutBlock extends AbstractBlock {
  private final String path;
  private final double p;
  private final LongSupplier noiseSeed;

  SeededDropoutBlock(String path, double p, LongSupplier noiseSeed) {
    super((byte) 1);
    this.path = path;
    this.p = p;
    this.noiseSeed = noiseSeed;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (!training || p == 0) {
      return new NDList(x);
    }
    float[] mask = DropoutNoise.mask(noiseSeed.getAsLong(), path, Math.toIntExact(x.size()), p);
    return new NDList(x.mul(x.getManager().create(mask, x.getShape())));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  @Override
  public String toString() {
    return "dropout(" + p + ", seeded)";
  }
}
