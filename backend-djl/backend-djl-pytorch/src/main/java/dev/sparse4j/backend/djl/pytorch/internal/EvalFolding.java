package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The folded convolution weights of a model's evaluation passes ({@link ConvBatchNormBlock}), kept from one pass to
 * the next until the model's state may change. The model calls {@link #invalidate} before anything that may change a
 * parameter or a running statistic (a training step, a gradient, loading weights or masks), so a folded tensor is
 * never older than what it was made from. Folding on every pass would cost more than it saves: a few dozen small
 * operations, each paying DJL's and PyTorch's per-call overhead. The cached arrays belong to no manager: this object
 * closes them.
 */
final class EvalFolding implements AutoCloseable {
  private final Map<ConvBatchNormBlock, NDList> folded = new IdentityHashMap<>();

  /** The folded weight and bias of {@code block}: from the cache, or made by {@code fold} and kept. */
  NDList get(ConvBatchNormBlock block, Supplier<NDList> fold) {
    NDList out = folded.get(block);
    if (out == null) {
      out = fold.get();
      out.forEach(a -> a.detach());
      folded.put(block, out);
    }
    return out;
  }

  /** Drops every folded tensor: the next evaluation pass folds from the current state. */
  void invalidate() {
    folded.values().forEach(NDList::close);
    folded.clear();
  }

  /** How many blocks hold folded tensors now. */
  int size() {
    return folded.size();
  }

  @Override
  public void close() {
    invalidate();
  }
}
