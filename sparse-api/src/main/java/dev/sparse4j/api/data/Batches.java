package dev.sparse4j.api.data;

import dev.sparse4j.api.spi.SparseModel;

/**
 * The one batching loop: consecutive batches {@code [from, from + count)} over {@code n} examples, the last one
 * shorter, and the logits of a data set computed batch by batch. The trainer's test accuracy, the evaluator, ODIN and
 * the robustness evaluator all iterate with it, so they see the same batches.
 */
public final class Batches {
  private Batches() {}

  /** What is done with one batch. */
  @FunctionalInterface
  public interface Action {
    /** Handles the {@code count} examples starting at index {@code from}. */
    void accept(int from, int count);
  }

  /**
   * Calls {@code action} for each batch of {@code batchSize} (the last one may be shorter) over {@code n} examples.
   *
   * @throws IllegalArgumentException if {@code batchSize < 1} or {@code n < 0}
   */
  public static void forEach(int n, int batchSize, Action action) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    if (n < 0) {
      throw new IllegalArgumentException("example count must be ≥ 0, got " + n);
    }
    for (int from = 0; from < n; from += batchSize) {
      action.accept(from, Math.min(batchSize, n - from));
    }
  }

  /**
   * Logits of the first {@code n} examples of {@code data} in evaluation mode, row-major
   * {@code float[n × numClasses]}, computed in batches of {@code batchSize}.
   *
   * @throws IllegalArgumentException if {@code n} exceeds the data size or {@code batchSize < 1}
   * @throws IllegalStateException if the backend returns the wrong number of logits
   */
  public static float[] logits(SparseModel model, Dataset data, int n, int batchSize) {
    if (n < 0 || n > data.size()) {
      throw new IllegalArgumentException("asked for the logits of " + n + " examples of '" + data.name() + "', which "
          + "has " + data.size());
    }
    int classes = model.spec().numClasses();
    float[] out = new float[Math.multiplyExact(n, classes)];
    forEach(n, batchSize, (from, count) -> {
      float[] z = model.logits(data.pixels(from, count), count);
      if (z.length != count * classes) {
        throw new IllegalStateException("backend " + model.backendId() + " returned " + z.length + " logits for "
            + count + " examples of " + classes + " classes");
      }
      System.arraycopy(z, 0, out, from * classes, z.length);
    });
    return out;
  }
}
