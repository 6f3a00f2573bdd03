/**
 * The {@code sparse4j} command line: the commands (train, eval, compare, sweep, allocate, export, doctor, …), their
 * console output and the run's plots (JFreeChart). The runs themselves are {@code dev.sparse4j.runner}'s. The only
 * sparse4j module that prints.
 */
module dev.sparse4j.cli {
  requires dev.sparse4j.runner;
  // sparse4j doctor runs the TCK's self-checks (golden trajectory, float64 references) on the user's CPU.
  requires dev.sparse4j.tck;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires java.desktop;
  // Child JVMs (the doctor's checks) start with this JVM's options.
  requires java.management;
  requires org.jfree.jfreechart;

  exports dev.sparse4j.cli;

  provides dev.sparse4j.runner.RunPlots with dev.sparse4j.cli.internal.ChartPlots;

  // picocli injects options into the command objects reflectively.
  opens dev.sparse4j.cli to info.picocli;
}
