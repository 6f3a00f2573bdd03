package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Versions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Sparse4jCliTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "allocate", "models", "allocators", "backends", "train", "eval", "demo", "compare"})
  void everyCommandHasHelpWithExamples(String command) {
    CliRunner.Result r = command.isEmpty() ? CliRunner.run("--help") : CliRunner.run(command, "--help");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Usage: sparse4j" + (command.isEmpty() ? "" : " " + command)), r.out());
    assertTrue(r.out().contains("Examples:"), r.out());
  }

  /** Commands whose examples need a backend, data or a run directory: their examples are only parsed. */
  private static final java.util.Set<String> HEAVY = java.util.Set.of("train", "eval", "export", "demo", "compare", "sweep",
      "doctor");

  @Test
  void everyExampleInTheHelpRuns() {
    picocli.CommandLine root = Sparse4jCli.commandLine(new Sparse4jCli(() -> null),
        new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
    java.util.List<picocli.CommandLine> commands = new java.util.ArrayList<>();
    commands.add(root);
    commands.addAll(root.getSubcommands().values());
    int examples = 0;
    for (picocli.CommandLine c : commands) {
      for (String line : c.getCommandSpec().usageMessage().footer()) {
        if (line.startsWith("  sparse4j ")) {
          String[] args = line.substring("  sparse4j ".length()).trim().split("\\s+");
          if (HEAVY.contains(args[0])) {
            // Parses (valid options and values) without running anything.
            picocli.CommandLine fresh = Sparse4jCli.commandLine(new Sparse4jCli(() -> null),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
            fresh.parseArgs(args);
          } else {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(0, r.exit(), line + "\n" + r.err());
          }
          examples++;
        }
      }
    }
    assertTrue(examples >= 18, "examples found: " + examples);
  }

  @Test
  void helpSubcommandShowsACommandsHelp() {
    CliRunner.Result r = CliRunner.run("help", "allocate");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("--sparsity"), r.out());
  }

  @Test
  void versionNamesSparse4jAndJava() {
    CliRunner.Result r = CliRunner.run("--version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("sparse4j " + Versions.SPARSE4J), r.out());
    assertTrue(r.out().contains("Java "), r.out());
  }

  @Test
  void subcommandsInheritVersion() {
    CliRunner.Result r = CliRunner.run("allocate", "--version");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("sparse4j " + Versions.SPARSE4J), r.out());
  }

  @Test
  void helpLinesFitTheUsageWidth() {
    for (String command : new String[] {"allocate", "models", "allocators", "pruners", "backends", "train", "eval", "export",
        "demo",
        "compare"}) {
      for (String line : CliRunner.run(command, "--help").out().lines().toList()) {
        assertTrue(line.length() <= Sparse4jCli.USAGE_WIDTH, command + ": " + line);
        assertTrue(!line.startsWith("--"), "an example or option wrapped: " + line);
      }
    }
  }

  @Test
  void noCommandIsAUsageError() {
    CliRunner.Result r = CliRunner.run();
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).startsWith("sparse4j: error: missing command; choose one of allocate"), r.err());
    assertTrue(r.err().contains("Usage: sparse4j"), r.err());
  }

  @Test
  void unknownCommandSuggestsTheClosestOne() {
    CliRunner.Result r = CliRunner.run("alocate");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).startsWith("sparse4j: error: Unmatched argument at index 0: 'alocate'"), r.err());
    assertTrue(r.err().contains("Did you mean: sparse4j allocate"), r.err());
  }

  @Test
  void modelsListsTheZoo() throws Exception {
    CliRunner.Result r = CliRunner.run("models");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("resnet20") && r.out().contains("vgg16"), r.out());
    JsonNode json = new ObjectMapper().readTree(CliRunner.run("models", "--json").out());
    assertTrue(json.get("models").toString().contains("\"resnet56\""), json.toString());
  }

  @Test
  void allocatorsListsNamesAndDescriptions() throws Exception {
    CliRunner.Result r = CliRunner.run("allocators");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("erk") && r.out().contains("uniform"), r.out());
    JsonNode json = new ObjectMapper().readTree(CliRunner.run("allocators", "--json").out());
    boolean hasErk = false;
    for (JsonNode a : json.get("allocators")) {
      hasErk |= a.get("name").asText().equals("erk");
      assertTrue(a.has("description") && a.has("options"), a.toString());
      // Where each comes from: the built-ins from sparse-prune (its jar, or its classes directory in a build).
      assertTrue(a.get("source").asText().startsWith("sparse-prune") || a.get("source").asText().equals("classes"),
          a.toString());
    }
    assertTrue(hasErk, json.toString());
    assertTrue(r.out().lines().findFirst().orElseThrow().contains("source"), r.out());
  }
}
