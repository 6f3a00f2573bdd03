package dev.sparse4j.cli;

import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.cli.internal.ComponentListing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j allocators}: the installed density allocators with their options. */
@Command(
    name = "allocators",
    description = "List the density allocators: name, options with defaults, the jar (or directory) each comes from,"
        + " and its description. Your own allocators appear here when their jar is in SPARSE4J_PLUGINS.",
    footer = {
        "%nExamples:",
        "  sparse4j allocators",
        "  sparse4j allocators --json",
        "  sparse4j allocate --model resnet20 --allocator erk --option power-scale=0.5 --sparsity 0.9"})
final class AllocatorsCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Override
  public Integer call() {
    ComponentListing.print(spec.commandLine().getOut(), "allocators", Allocators.all().stream()
        .map(x -> new ComponentListing.Entry(x.name(), x.config(), x.getClass(), x.description())).toList(), json);
    return 0;
  }
}
