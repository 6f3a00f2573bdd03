package com.example.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's path end to end: this module's pruner reaches the real {@code sparse4j} launcher through
 * {@code SPARSE4J_PLUGINS}, {@code sparse4j pruners} lists it with its source, and {@code train --pruner strided}
 * trains on real Fashion-MNIST with it. Needs the CLI built by the reactor (CI builds it first) and the data
 * ({@code scripts/install-data.sh}; under {@code CI=true} its absence is a failure).
 */
class PluginOnTheCommandLineTest {
  @TempDir
  Path tmp;

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  private static String run(List<String> args, Path log) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("sparse4j").toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARSE4J_SKIP_BUILD", "1");
    pb.environment().put("SPARSE4J_PLUGINS", Path.of("target/classes").toAbsolutePath().toString());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("sparse4j " + args + " did not finish in 10 minutes");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "sparse4j " + args + ":\n" + out);
    return out;
  }

  /** Skips without the built CLI; without the data it skips, or fails under {@code CI=true}. */
  private static void requireCliAndData() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!Files.isRegularFile(ROOT.resolve("cli/target/cli-" + Versions.SPARSE4J + ".jar"))) {
      Assumptions.abort("the CLI is not built (mvn install from the repository root builds it before this module)");
    }
    Path data = Path.of(System.getProperty("user.home"), ".sparse4j", "data", "fashion-mnist");
    if (!Files.isDirectory(data)) {
      String msg = "Fashion-MNIST is not installed at " + data + "; run scripts/install-data.sh";
      if (ci) {
        fail(msg);
      }
      Assumptions.abort(msg);
    }
  }

  private JsonNode train(String name, String... options) throws Exception {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("train", "--model", "mlp", "--sparsity", "0.9", "--epochs", "1",
        "--train-limit", "1000", "--test-limit", "300", "--no-robustness", "--no-odin", "--seed", "3"));
    args.addAll(List.of(options));
    args.addAll(List.of("--out", out.toString()));
    run(args, tmp.resolve(name + ".log"));
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals(0.1, report.get("totalDensity").asDouble(), 0.01);
    return report;
  }

  @Test
  void theLauncherFindsTheStridedPrunerAndTrainsWithIt() throws Exception {
    requireCliAndData();
    String list = run(List.of("pruners"), tmp.resolve("pruners.log"));
    assertTrue(list.lines().anyMatch(l -> l.startsWith("strided") && l.contains("classes")), list);
    JsonNode report = train("strided", "--pruner", "strided");
    assertEquals("strided", report.get("config").get("pruner").asText());
    assertEquals("strided", report.get("provenance").get("pruner").asText());
  }

  /** The gradient-based pruner and its ratio allocator, both from this jar, on the real djl-pytorch backend. */
  @Test
  void theGradientPrunerAndItsRatioAllocatorTrainThroughTheLauncher() throws Exception {
    requireCliAndData();
    String pruners = run(List.of("pruners"), tmp.resolve("pruners.log"));
    assertTrue(pruners.lines().anyMatch(l -> l.startsWith("grad-norm")), pruners);
    String allocators = run(List.of("allocators"), tmp.resolve("allocators.log"));
    assertTrue(allocators.contains("grad-norm-ratio"), allocators);
    JsonNode report = train("grad-norm", "--allocator", "grad-norm-ratio", "--allocator-option", "batch-size=32",
        "--pruner", "grad-norm", "--pruner-option", "batch-size=32");
    assertEquals("grad-norm", report.get("config").get("pruner").asText());
    assertEquals("grad-norm-ratio", report.get("config").get("allocator").asText());
    assertEquals("32", report.get("config").get("prunerOptions").get("batch-size").asText());
  }

  /** This jar's topology updater trains with dynamic sparse training through the launcher; a bad option is refused. */
  @Test
  void theMestTopologyUpdaterTrainsThroughTheLauncher() throws Exception {
    requireCliAndData();
    String pruners = run(List.of("pruners"), tmp.resolve("pruners.log"));
    assertTrue(pruners.lines().anyMatch(l -> l.startsWith("mest")), pruners);
    JsonNode report = train("mest", "--dst", "mest", "--dst-option", "lambda=0.5", "--dst-interval", "2",
        "--batch-size", "50");
    assertEquals("mest", report.get("config").get("dst").asText());
    JsonNode last = report.get("history").get(report.get("history").size() - 1);
    assertTrue(last.get("topologyUpdates").asInt() > 0, last.toString());
    assertTrue(last.get("itop").asDouble() > report.get("totalDensity").asDouble(), last.toString());
  }

  /** A plugin path that is a file but not a jar is refused by the launcher, not left for the JVM to ignore. */
  @Test
  void aPluginFileThatIsNotAJarIsRefused() throws Exception {
    requireCliAndData();
    Path notAJar = Files.writeString(tmp.resolve("plugin.txt"), "not a jar");
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("sparse4j").toString(), "pruners")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("notajar.log").toFile());
    pb.environment().put("SPARSE4J_SKIP_BUILD", "1");
    pb.environment().put("SPARSE4J_PLUGINS", notAJar.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    String out = Files.readString(tmp.resolve("notajar.log"), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("SPARSE4J_PLUGINS names '" + notAJar + "', which is not a jar (zip) file"), out);
  }
}
