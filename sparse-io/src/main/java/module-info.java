/**
 * sparse4j's files: mask files ({@code .npz} + JSON header), {@code .npy}/{@code .npz} arrays, run provenance,
 * checksums, the directory lock, the one JSON mapper, and the dataset readers (IDX, CIFAR binary, mnist JSON).
 */
module dev.sparse4j.io {
  requires transitive dev.sparse4j.api;
  requires transitive com.fasterxml.jackson.databind;

  exports dev.sparse4j.io;
  exports dev.sparse4j.io.data;

  // Jackson reads and writes the provenance and mask-file header records reflectively.
  opens dev.sparse4j.io to com.fasterxml.jackson.databind;
}
