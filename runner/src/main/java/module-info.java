/**
 * The experiment runner: a run's configuration, the training run (prune, train, evaluate, write the run directory),
 * run directories and their checks, reports ({@code report.json} and friends, read by one typed reader), evaluation
 * and re-evaluation, comparisons, and sweeps with the {@code SweepExecutor} SPI. Usable from Java without picocli or
 * a charting library; the command line ({@code dev.sparse4j.cli}) and {@code sweep-spark} build on it.
 */
module dev.sparse4j.runner {
  requires transitive dev.sparse4j.all;
  requires transitive dev.sparse4j.models;
  requires transitive dev.sparse4j.metrics;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;
  // Child JVMs of a parallel sweep start with this JVM's options; peak memory from the platform MXBeans.
  requires java.management;
  // AWT errors of a machine without fonts are caught around the plots.
  requires static java.desktop;

  exports dev.sparse4j.runner;
  exports dev.sparse4j.runner.report;
  // The sweep executor SPI: dev.sparse4j:sweep-spark implements it.
  exports dev.sparse4j.runner.sweep;

  uses dev.sparse4j.runner.RunPlots;
  uses dev.sparse4j.runner.sweep.SweepExecutor;

  // Jackson reads and writes the run's JSON files (records) reflectively.
  opens dev.sparse4j.runner to com.fasterxml.jackson.databind;
  opens dev.sparse4j.runner.report to com.fasterxml.jackson.databind;
  opens dev.sparse4j.runner.sweep to com.fasterxml.jackson.databind;
}
