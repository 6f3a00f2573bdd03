package dev.sparse4j.cli;

import dev.sparse4j.prune.Pruners;
import dev.sparse4j.cli.internal.ComponentListing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j pruners}: the installed pruners, built-in and from plugins, with where each comes from. */
@Command(
    name = "pruners",
    description = {"List the pruners: name, options with defaults, the jar (or directory) each comes from, and its"
        + " description. Your own pruners appear here when their jar is in SPARSE4J_PLUGINS."},
    footer = {
        "%nExamples:",
        "  sparse4j pruners",
        "  sparse4j pruners --json",
        "  SPARSE4J_PLUGINS=my-pruners.jar sparse4j pruners"})
final class PrunersCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Override
  public Integer call() {
    ComponentListing.print(spec.commandLine().getOut(), "pruners", Pruners.all().stream()
        .map(x -> new ComponentListing.Entry(x.name(), x.config(), x.getClass(), x.description())).toList(), json);
    return 0;
  }
}
