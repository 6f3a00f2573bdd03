package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.backend.sparse.internal.Kernels.Rows;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The operations of one kernel family on its own activation type {@code A}: {@link ExampleMajorOps} (example-major
 * arrays, plain Java loops) or {@link PackedOps} (batch-innermost groups, Vector API). {@link PlanCompiler} walks a
 * model once, folds and fuses, and asks the family for each step.
 *
 * @param <A> the activation type of the family
 */
interface OpSet<A> {
  /** One step of a compiled plan. */
  interface Op<A> {
    A apply(A x, Run run);
  }

  /**
   * What a step runs with: the thread pool for its own parallel loops (null: run inline) and the buffers to take
   * its output from (null: allocate).
   */
  record Run(ForkJoinPool pool, Buffers buffers) {}

  /** A convolution with (folded) bias, ReLU fused if asked. */
  Op<A> conv(int kernelSize, int stride, int padding, int outChannels, Rows rows, float[] bias, boolean relu);

  /** A linear layer ({@code bias} may be null), ReLU fused if asked. */
  Op<A> linear(int inFeatures, int outFeatures, Rows rows, float[] bias, boolean relu);

  /** {@code y = x · scale[c] + shift[c]} per channel (evaluation-mode batch-norm, input normalisation). */
  Op<A> affine(float[] scale, float[] shift);

  /** A ReLU on its own. */
  Op<A> relu();

  /** Max-pooling pads with −∞; average pooling counts the padding as zeros (PyTorch's count_include_pad). */
  Op<A> pool(int kernelSize, int stride, int padding, boolean max);

  /** Mean over each channel's plane. */
  Op<A> globalAvgPool();

  /** Channels and plane into one feature axis. */
  Op<A> flatten();

  /** {@code post(body(pre(x)) + shortcut(takesPre ? pre(x) : x))}; an empty shortcut is the identity. */
  Op<A> residual(List<Op<A>> pre, List<Op<A>> body, List<Op<A>> shortcut, boolean takesPre, List<Op<A>> post);

  /** Runs a list of steps. */
  static <A> A apply(List<Op<A>> ops, A x, Run run) {
    A a = x;
    for (Op<A> op : ops) {
      a = op.apply(a, run);
    }
    return a;
  }
}
