package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.ProviderInfo;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sparse4j backends}: the installed backend providers and which one would be used. */
@Command(
    name = "backends",
    description = {
        "List the installed backends: id, priority, availability (and why not), capabilities, versions and the jar"
            + " each came from, and which one is used by default.",
        "Choose one with -Dsparse4j.backend=<id> (in JAVA_OPTS) or SPARSE4J_BACKEND=<id>."},
    footer = {
        "%nExamples:",
        "  sparse4j backends",
        "  sparse4j backends --json",
        "  SPARSE4J_BACKEND=djl-pytorch sparse4j backends"})
final class BackendsCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--json", description = "Print JSON instead of text.")
  private boolean json;

  @Override
  public Integer call() {
    BackendRegistry registry = root.registry();
    List<ProviderInfo> providers = registry.providers();
    String selected = null;
    String selectionError = null;
    if (!providers.isEmpty()) {
      try {
        selected = registry.select(null).id();
      } catch (BackendUnavailableException e) {
        selectionError = e.getMessage().lines().findFirst().orElse("");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, toJson(registry, providers, selected, selectionError));
      return 0;
    }
    if (providers.isEmpty()) {
      out.println(registry.report());
      out.println("Models, allocators and allocation tables work without a backend; training and evaluation need one.");
      out.flush();
      return 0;
    }
    out.println("Backends (" + providers.size() + "), highest priority first:");
    for (ProviderInfo p : providers) {
      out.println();
      out.println("  " + p.id() + "  priority " + p.priority() + "  "
          + (p.available() ? "available" : "UNAVAILABLE") + (p.id().equals(selected) ? "  (default)" : ""));
      out.println("    " + (p.available() ? "detail:       " : "reason:       ") + p.availability().reason());
      out.println("    capabilities: " + (p.capabilities().isEmpty() ? "-"
          : String.join(", ", p.capabilities().stream().map(Capability::name).toList())));
      out.println("    versions:     " + Format.map(p.versions()));
      out.println("    location:     " + p.location());
      out.println("    class:        " + p.className());
    }
    out.println();
    if (!registry.problems().isEmpty()) {
      out.println("Problems:");
      registry.problems().forEach(p -> out.println("  - " + p));
      out.println();
    }
    out.println(selected != null ? "Default backend: " + selected : "No default backend: " + selectionError);
    out.flush();
    return 0;
  }

  private static ObjectNode toJson(BackendRegistry registry, List<ProviderInfo> providers, String selected,
      String selectionError) {
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("providers");
    for (ProviderInfo p : providers) {
      ObjectNode n = list.addObject();
      n.put("id", p.id());
      n.put("priority", p.priority());
      n.put("available", p.available());
      n.put("reason", p.availability().reason());
      ArrayNode caps = n.putArray("capabilities");
      p.capabilities().forEach(c -> caps.add(c.name()));
      ObjectNode versions = n.putObject("versions");
      p.versions().forEach(versions::put);
      n.put("location", p.location());
      n.put("className", p.className());
      n.put("coordinates", p.coordinates());
    }
    ArrayNode problems = root.putArray("problems");
    registry.problems().forEach(problems::add);
    if (selected != null) {
      root.put("default", selected);
    } else {
      root.putNull("default");
    }
    if (selectionError != null) {
      root.put("defaultError", selectionError);
    }
    return root;
  }
}
