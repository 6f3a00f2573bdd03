/** Implementation of the TensorFlow backend: graph builder, model, SavedModel export, runtime checks. Not exported. */
package dev.sparse4j.backend.djl.tensorflow.internal;
