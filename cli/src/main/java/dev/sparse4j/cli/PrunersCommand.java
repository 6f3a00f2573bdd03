package dev.sparse4j.cli;

import dev.sparse4j.cli.internal.ComponentListing;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j pruners}: the installed pruners, built-in and from plugins, with where each comes from. */
@Command(
    name = "pruners",
    description = {"List the pruners, then the topology updaters of dynamic sparse training (train --dst): name,"
        + " options with defaults, the jar (or directory) each comes from, and its description. Your own appear here"
        + " when their jar is in SPARSE4J_PLUGINS."},
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
    Map<String, List<ComponentListing.Entry>> sections = new LinkedHashMap<>();
    sections.put("pruners", Pruners.all().stream()
        .map(x -> new ComponentListing.Entry(x.name(), x.config(), x.getClass(), x.description())).toList());
    sections.put("topologyUpdaters", TopologyUpdaters.all().stream()
        .map(x -> new ComponentListing.Entry(x.name(), x.config(), x.getClass(), x.description())).toList());
    ComponentListing.print(spec.commandLine().getOut(), sections, json);
    return 0;
  }
}
