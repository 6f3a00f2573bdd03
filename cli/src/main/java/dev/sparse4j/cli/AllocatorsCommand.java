package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.alloc.Allocators;
import dev.sparse4j.api.alloc.DensityAllocator;
import dev.sparse4j.cli.internal.Format;
import dev.sparse4j.cli.internal.Json;
import dev.sparse4j.cli.internal.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j allocators}: the installed density allocators with their options. */
@Command(
    name = "allocators",
    description = "List the density allocators, their descriptions and their options with defaults.",
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
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = Json.object();
      ArrayNode list = root.putArray("allocators");
      for (DensityAllocator a : Allocators.all()) {
        ObjectNode n = list.addObject();
        n.put("name", a.name());
        n.put("description", a.description());
        ObjectNode cfg = n.putObject("options");
        a.config().forEach(cfg::put);
      }
      Json.print(out, root);
      return 0;
    }
    Table t = new Table("name", "options (defaults)", "description");
    for (DensityAllocator a : Allocators.all()) {
      t.row(a.name(), Format.map(a.config()), a.description());
    }
    out.print(t.render());
    out.flush();
    return 0;
  }
}
