/**
 * One dependency for applications: the API, pruning, files and training ({@code requires transitive} each).
 * It holds no code.
 */
module dev.sparse4j.all {
  requires transitive dev.sparse4j.api;
  requires transitive dev.sparse4j.prune;
  requires transitive dev.sparse4j.io;
  requires transitive dev.sparse4j.train;
}
