/**
 * sparse4j backends on DJL: providers {@code djl-pytorch} (PyTorch 2.7.1 through DJL 0.36.0, CPU) and
 * {@code djl-tensorflow} (TensorFlow 2.16 through the TF-Java graph API bundled with DJL's tensorflow-api, CPU).
 *
 * <p>DJL's jars are automatic modules; {@code ai.djl.pytorch:pytorch-native-cpu} has an invalid automatic module
 * name, so keep it on the class path.
 */
module dev.sparse4j.backend.djl {
  requires dev.sparse4j.api;
  requires ai.djl.api;
  requires ai.djl.pytorch_engine;
  requires ai.djl.tensorflow_api;
  // TF-Java runs on JavaCPP; backend-djl checks its version (and a module-path user needs no --add-modules for it).
  requires org.bytedeco.javacpp;
  requires org.slf4j;

  exports dev.sparse4j.backend.djl;

  provides dev.sparse4j.api.spi.SparseBackendProvider with
      dev.sparse4j.backend.djl.DjlPyTorchProvider,
      dev.sparse4j.backend.djl.DjlTensorFlowProvider;
  provides dev.sparse4j.api.spi.ModelExporter with dev.sparse4j.backend.djl.TensorFlowSavedModelExporter;
}
