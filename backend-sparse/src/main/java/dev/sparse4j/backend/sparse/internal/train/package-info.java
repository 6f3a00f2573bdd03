/**
 * Training in pure Java on compressed weights: every convolution and linear weight is held as its kept entries only
 * ({@link dev.sparse4j.backend.sparse.internal.train.KeptIndex}), and so are its gradient and optimizer state; the
 * forward and backward passes walk kept entries, activations are stored feature-major (all examples of one feature
 * side by side), so each kept weight multiplies a contiguous run of the batch.
 */
package dev.sparse4j.backend.sparse.internal.train;
