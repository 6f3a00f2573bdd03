/**
 * Deterministic initial weights in pure Java ({@link dev.sparse4j.api.init.WeightInit}), shared by every backend so
 * that a model seed gives bit-identical initial weights on DJL-PyTorch, ND4J and TensorFlow.
 */
package dev.sparse4j.api.init;
