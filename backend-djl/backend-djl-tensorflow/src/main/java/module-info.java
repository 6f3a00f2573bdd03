/**
 * The sparse4j backend {@code djl-tensorflow} (TensorFlow 2.16 through the TF-Java graph API that DJL bundles in
 * {@code ai.djl.tensorflow:tensorflow-api}, CPU) and the exporter {@code tf-saved-model}.
 */
module dev.sparse4j.backend.djl.tensorflow {
  requires dev.sparse4j.api;
  requires ai.djl.tensorflow_api;
  // TF-Java runs on JavaCPP; the backend checks its version (and a module-path user needs no --add-modules for it).
  requires org.bytedeco.javacpp;
  requires org.slf4j;

  exports dev.sparse4j.backend.djl.tensorflow;

  provides dev.sparse4j.api.spi.SparseBackendProvider with dev.sparse4j.backend.djl.tensorflow.DjlTensorFlowProvider;
  provides dev.sparse4j.api.spi.ModelExporter with dev.sparse4j.backend.djl.tensorflow.TensorFlowSavedModelExporter;
}
