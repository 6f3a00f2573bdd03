package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.io.DirectoryLock;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at several moments of a short training (early, mid-epoch, around checkpoint, plot and report
 * writes), each followed by {@code --resume} (or a fresh start when nothing was saved yet): the final weights equal
 * an uninterrupted run's bit for bit, and no temporary file or directory remains.
 */
class KillAndResumeTest {
  private static final SparseBackendProvider[] FAKE = {new FakeBackend.Provider()};

  @TempDir
  Path tmp;

  /** The CLI on the fake backend in its own JVM, so it can be killed. */
  public static void main(String[] args) {
    BackendRegistry registry = BackendRegistry.ofProviders(FAKE).withLookups(k -> null, k -> null);
    int code = Sparse4jCli.commandLine(new Sparse4jCli(() -> registry), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true)).execute(args);
    System.exit(code);
  }

  private static List<String> trainArgs(Path data, Path out) {
    return new ArrayList<>(List.of("train", "--backend", "fake", "--data-dir", data.toString(), "--model", "mlp",
        "--batch-size", "16", "--epochs", "6", "--sparsity", "0.8", "--no-robustness", "--no-odin", "--seed", "5",
        "--out", out.toString()));
  }

  @Test
  void killedRunsResumeToTheSameWeightsAndLeaveNoTemporaryFiles() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 300, 100);
    Path reference = tmp.resolve("reference");
    CliRunner.Result whole = CliRunner.run(FAKE, trainArgs(data, reference).toArray(String[]::new));
    assertEquals(0, whole.exit(), whole.err());
    Map<String, NpyArray> expected = Npz.read(reference.resolve("weights.npz"));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int killed = 0;
    for (long ms : new long[] {150, 600, 900, 1200, 1500, 1800, 2200, 2700}) {
      Path out = tmp.resolve("killed-" + ms);
      List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
          "-Djava.awt.headless=true", KillAndResumeTest.class.getName()));
      cmd.addAll(trainArgs(data, out));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log-" + ms).toFile())
          .start();
      if (!p.waitFor(ms, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        killed++;
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));

      // What a user does: --resume when a complete checkpoint exists (or the run finished: resuming it changes
      // nothing); killed before the first complete checkpoint, --resume says "nothing to resume" and a plain
      // train starts over.
      List<String> again = trainArgs(data, out);
      if (Files.exists(out.resolve("report.json"))
          || dev.sparse4j.train.Checkpointer.latest(out.resolve("checkpoints")).isPresent()) {
        again.add("--resume");
      }
      CliRunner.Result r = CliRunner.run(FAKE, again.toArray(String[]::new));
      assertEquals(0, r.exit(), "after a kill at " + ms + " ms: " + r.err());
      Map<String, NpyArray> actual = Npz.read(out.resolve("weights.npz"));
      assertEquals(expected.keySet(), actual.keySet());
      for (String k : expected.keySet()) {
        assertEquals(expected.get(k), actual.get(k), "kill at " + ms + " ms: " + k + " differs from the "
            + "uninterrupted run");
      }
      try (Stream<Path> files = Files.walk(out)) {
        List<String> leftovers = files.map(f -> out.relativize(f).toString())
            .filter(n -> Path.of(n).getFileName().toString().startsWith("."))
            .filter(n -> !n.equals(DirectoryLock.FILE)).toList();
        assertEquals(List.of(), leftovers, "kill at " + ms + " ms left temporary files");
      }
    }
    assertTrue(killed >= 3, "at least some runs were really killed mid-way (killed " + killed + ")");
  }
}
