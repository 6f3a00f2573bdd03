/**
 * The {@code sparse4j} command line: training and evaluation runs with reports and plots, the demo, allocation
 * tables, model and allocator listings, installed backends. The only sparse4j module that prints.
 */
module dev.sparse4j.cli {
  requires dev.sparse4j.all;
  requires dev.sparse4j.models;
  requires dev.sparse4j.metrics;
  // sparse4j doctor runs the TCK's self-checks (golden trajectory, float64 references) on the user's CPU.
  requires dev.sparse4j.tck;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires java.desktop;
  // Child JVMs of a parallel sweep start with this JVM's options.
  requires java.management;
  requires org.jfree.jfreechart;

  exports dev.sparse4j.cli;
  // The sweep executor SPI: dev.sparse4j:sweep-spark implements it.
  exports dev.sparse4j.cli.sweep;

  uses dev.sparse4j.api.spi.ModelExporter;
  uses dev.sparse4j.cli.sweep.SweepExecutor;

  // picocli injects options into the command objects reflectively.
  opens dev.sparse4j.cli to info.picocli;
  // Jackson reads and writes the run's JSON files (records) reflectively.
  opens dev.sparse4j.cli.internal to com.fasterxml.jackson.databind;
  opens dev.sparse4j.cli.internal.report to com.fasterxml.jackson.databind;
  opens dev.sparse4j.cli.internal.sweep to com.fasterxml.jackson.databind;
  opens dev.sparse4j.cli.sweep to com.fasterxml.jackson.databind;
}
