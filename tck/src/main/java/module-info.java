/** Abstract JUnit 5 contract tests that every backend, allocator and pruner runs. */
module dev.sparse4j.tck {
  requires transitive dev.sparse4j.api;
  requires transitive dev.sparse4j.prune;
  requires transitive dev.sparse4j.io;
  requires transitive org.junit.jupiter.api;
  requires dev.sparse4j.models;

  exports dev.sparse4j.tck;
}
