/**
 * Pure-Java sparse inference: provider {@code sparse-cpu}, logits of a trained sparse network with compressed sparse
 * rows for linear layers and a direct sparse convolution, batch-norm folded into convolutions, no native code.
 */
module dev.sparse4j.backend.sparse {
  requires dev.sparse4j.api;
  requires org.slf4j;
  // Optional at run time: the vector kernels are used only when the JVM resolves it (--add-modules).
  requires static jdk.incubator.vector;

  exports dev.sparse4j.backend.sparse;

  provides dev.sparse4j.api.spi.SparseBackendProvider with dev.sparse4j.backend.sparse.SparseCpuProvider;
}
