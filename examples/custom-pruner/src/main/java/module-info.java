/** An example of a user-written pruner in its own jar: {@code strided}. */
module com.example.prune {
  requires dev.sparse4j.api;

  exports com.example.prune;

  provides dev.sparse4j.api.prune.Pruner with com.example.prune.StridedPruner;
}
