package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.runner.sweep.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a {@code sweep --parallel 2} stops its cells' JVMs too (they used to keep training and writing after the
 * command returned), and the next run of the same sweep finishes it. Real djl-pytorch cells on generated data: the
 * cells' JVMs find backends through ServiceLoader, as a user's do.
 */
class SweepSignalTest {
  @TempDir
  Path tmp;

  private Path log;

  private Process start(Path data, Path out) throws Exception {
    List<String> cmd = new ArrayList<>(ChildJvm.command(Sparse4jCli.class, "sweep", "--backends", "djl-pytorch",
        "--data-dir", data.toString(), "--model", "mlp", "--sparsities", "0.8", "--allocators", "erk,uniform",
        "--epochs", "30", "--batch-size", "16", "--threads", "1", "--no-robustness", "--no-odin", "--parallel", "2",
        "--out", out.toString()));
    cmd.add(1, "-Djava.awt.headless=true");
    log = tmp.resolve("log-" + System.nanoTime());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static List<ProcessHandle> cells(Process p) {
    // The sweep's JVM starts no other process than its cells' JVMs.
    return p.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).toList();
  }

  @Test
  void sigtermToAParallelSweepStopsItsCellsAndTheNextRunFinishesIt() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 300, 60);
    Path out = tmp.resolve("sweep");
    Process p = start(data, out);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<ProcessHandle> cells = List.of();
    while (p.isAlive() && System.nanoTime() < deadline && (cells = cells(p)).size() < 2) {
      Thread.sleep(50);
    }
    assertEquals(2, cells.size(), "two cells' JVMs should be running:\n" + Files.readString(log));
    p.destroy(); // SIGTERM, as kill or a scheduler sends
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sweep stops");
    for (ProcessHandle c : cells) {
      c.onExit().get(20, TimeUnit.SECONDS);
      assertFalse(c.isAlive(), "cell JVM " + c.pid() + " outlived the sweep");
    }

    Process again = start(data, out);
    assertTrue(again.waitFor(300, TimeUnit.SECONDS), "the resumed sweep finishes");
    assertEquals(0, again.exitValue(), Files.readString(log));
    for (String cell : List.of("mlp-w1-dense-seed0", "mlp-w1-erk-s0.8-seed0", "mlp-w1-uniform-s0.8-seed0")) {
      assertTrue(Files.isRegularFile(out.resolve("cells").resolve(cell).resolve("report.json")), cell);
    }
  }
}
