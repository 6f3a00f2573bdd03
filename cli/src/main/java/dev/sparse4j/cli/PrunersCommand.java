package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.prune.Pruner;
import dev.sparse4j.api.prune.Pruners;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.cli.internal.Format;
import dev.sparse4j.cli.internal.Json;
import dev.sparse4j.cli.internal.Table;
import java.io.PrintWriter;
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
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = Json.object();
      ArrayNode list = root.putArray("pruners");
      for (Pruner p : Pruners.all()) {
        ObjectNode n = list.addObject();
        n.put("name", p.name());
        n.put("source", source(p));
        n.put("description", p.description());
        ObjectNode cfg = n.putObject("options");
        p.config().forEach(cfg::put);
      }
      Json.print(out, root);
      return 0;
    }
    Table t = new Table("name", "options (defaults)", "source", "description");
    for (Pruner p : Pruners.all()) {
      t.row(p.name(), Format.map(p.config()), source(p), p.description());
    }
    out.print(t.render());
    out.flush();
    return 0;
  }

  /** The file name of the jar or directory a pruner's class comes from. */
  private static String source(Pruner p) {
    String location = BackendRegistry.locationOf(p.getClass()).replaceAll("/+$", "");
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
