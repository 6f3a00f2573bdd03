package dev.sparse4j.backend.sparse.internal.train;

import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * How one forward and backward pass runs.
 *
 * @param train batch statistics and dropout (training mode) or running statistics (evaluation mode)
 * @param updateStatistics whether training mode updates the batch-norm running statistics (only a real step does)
 * @param noiseSeed the dropout noise seed ({@link dev.sparse4j.api.spi.DropoutNoise})
 * @param gradients which parameter gradients backward computes
 * @param dense where {@link Gradients#DENSE} puts them, by parameter name
 * @param pool threads for the layers' loops; null runs inline
 * @param lanes the inner loops
 */
record Pass(boolean train, boolean updateStatistics, long noiseSeed, Gradients gradients,
    Map<String, float[]> dense, ForkJoinPool pool, Lanes lanes) {

  /** Which parameter gradients a backward pass computes. */
  enum Gradients {
    /** None: an input gradient only. */
    NONE,
    /** At kept entries only, into {@link ParamTensor#grad()}: a training step. */
    KEPT,
    /** Every entry, pruned ones included, into {@link Pass#dense()}: the SPI's raw parameter gradients. */
    DENSE
  }

  /** Where a dense tensor's gradient goes: its own grad array, or a fresh array in {@link #dense()}. */
  float[] denseTarget(ParamTensor p) {
    return switch (gradients) {
      case NONE -> null;
      case KEPT -> Reuse.zeroed(p.grad(), p.grad().length);
      case DENSE -> dense.computeIfAbsent(p.name(), n -> new float[Math.toIntExact(p.numel())]);
    };
  }
}
