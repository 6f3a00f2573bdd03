/**
 * The TensorFlow backend of sparse4j: provider {@code djl-tensorflow}
 * ({@link dev.sparse4j.backend.djl.tensorflow.DjlTensorFlowProvider}) and the exporter {@code tf-saved-model}.
 */
package dev.sparse4j.backend.djl.tensorflow;
