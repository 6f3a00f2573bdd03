/** A JPMS application of sparse4j: it requires the library and provides its own pruner. */
module com.example.modulepath {
  requires dev.sparse4j.all;
  requires dev.sparse4j.models;

  provides dev.sparse4j.prune.Pruner with com.example.modulepath.StripesPruner;
}
