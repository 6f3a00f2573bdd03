/**
 * The sparse4j backend {@code djl-pytorch}: PyTorch 2.7.1 through DJL 0.36.0, on the CPU.
 *
 * <p>DJL's jars are automatic modules; {@code ai.djl.pytorch:pytorch-native-cpu} has an invalid automatic module
 * name, so keep it on the class path.
 */
module dev.sparse4j.backend.djl.pytorch {
  requires dev.sparse4j.api;
  requires ai.djl.api;
  requires ai.djl.pytorch_engine;
  requires org.slf4j;

  exports dev.sparse4j.backend.djl.pytorch;

  provides dev.sparse4j.api.spi.SparseBackendProvider with dev.sparse4j.backend.djl.pytorch.DjlPyTorchProvider;
}
