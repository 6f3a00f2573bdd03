package dev.sparse4j.backend.sparse.internal.train;

/**
 * One layer (or container) of a {@link TrainGraph}. {@link #forward} keeps what its {@link #backward} needs (the
 * input, a ReLU's output, a pooling's choices) until the next forward; a graph runs one pass at a time.
 */
interface Node {
  /** The output of this layer for {@code x}. */
  Act forward(Act x, Pass pass);

  /**
   * Accumulates this layer's parameter gradients (as {@code pass} asks) for the output gradient {@code dy} of the
   * last forward, and returns the input gradient, or null when {@code needInput} is false.
   */
  float[] backward(float[] dy, Pass pass, boolean needInput);
}
