package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.metrics.EvaluationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example is this module's code, and it runs: a short version of it trains and evaluates. */
class QuickStartTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  /** The lines between the markers, without their common indentation. */
  static String snippet(Path source) throws Exception {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    int from = lines.indexOf("    // README:begin");
    int to = lines.indexOf("    // README:end");
    assertTrue(from >= 0 && to > from, "README markers missing in " + source);
    return lines.subList(from + 1, to).stream().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void theReadmeShowsThisCodeVerbatim() throws Exception {
    String code = snippet(Path.of("src/main/java/com/example/quickstart/QuickStart.java"));
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("```java\n" + code + "\n```"),
        "the README's \"In Java\" block must be QuickStart.run's body between the README markers:\n" + code);
  }

  @Test
  void itTrainsAndEvaluatesOnRealData() throws Exception {
    Path data = Path.of(System.getProperty("user.home"), ".sparse4j", "data", "fashion-mnist");
    if (!Files.isDirectory(data) && System.getenv("SPARSE4J_DATA") == null) {
      String msg = "Fashion-MNIST is not installed at " + data + "; run scripts/install-data.sh";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg);
      }
      Assumptions.abort(msg);
    }
    EvaluationResult r = QuickStart.run("mlp", 1, 10_000, tmp.resolve("checkpoints"));
    assertTrue(r.accuracy() > 0.5, "a 90 %-sparse MLP after one short epoch: " + r.accuracy());
    assertTrue(Files.isDirectory(tmp.resolve("checkpoints")), "checkpoints are written");
  }
}
