/**
 * Pure-Java reference implementations of the SPI for tests and examples, with no engine behind them.
 *
 * <p>{@link dev.sparse4j.api.reference.LinearSoftmaxModel} is a {@link dev.sparse4j.api.spi.SparseModel} for a
 * flatten + linear softmax classifier with exact closed-form gradients. Use it to test algorithms that only talk to
 * {@code SparseModel} (attacks, pruners, trainers, evaluators) against values computed by hand:
 *
 * <pre>{@code
 * SparseModel model = new LinearSoftmaxModel(new int[] {1, 28, 28}, 10, 42);
 * float[] logits = model.logits(pixels, batch);                   // z = W·x + b
 * float[] grad = model.inputGradient(pixels, labels, batch, 1.0); // row i = Wᵀ(softmax(z_i) − e_{y_i})
 * }</pre>
 */
package dev.sparse4j.api.reference;
