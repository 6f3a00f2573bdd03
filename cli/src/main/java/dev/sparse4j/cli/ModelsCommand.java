package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.models.Models;
import dev.sparse4j.runner.report.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j models}: the model zoo's names. */
@Command(
    name = "models",
    description = "List the models of the zoo; names with <…> are patterns.",
    footer = {
        "%nExamples:",
        "  sparse4j models",
        "  sparse4j models --json",
        "  sparse4j allocate --model resnet56 --sparsity 0.95"})
final class ModelsCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of text.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = Json.object();
      ArrayNode names = root.putArray("models");
      Models.names().forEach(names::add);
      Json.print(out, root);
      return 0;
    }
    out.println("Models (any input CxHxW, any class count, --width multiplies channels):");
    for (String name : Models.names()) {
      out.println("  " + name);
    }
    out.flush();
    return 0;
  }
}
