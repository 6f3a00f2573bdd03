package dev.sparse4j.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.cli.Sparse4jCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparse4j sweep --executor spark} on real Spark clusters on 127.0.0.1, training on the real Fashion-MNIST
 * with djl-pytorch: a {@code local-cluster} (executors are separate JVMs), and a standalone Master and Worker whose
 * worker is killed in the middle of a cell and replaced. Each ends with exactly one row per cell and the numbers of
 * the same grid run locally in one thread.
 */
class SparkSweepTest {
  private static final List<String> CELLS = List.of("mlp-w1-dense-seed0", "mlp-w1-erk-s0.9-seed0",
      "mlp-w1-uniform-s0.9-seed0");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private DataDirectory data;
  private Path sparkHome;

  @BeforeEach
  void cluster() throws Exception {
    data = SparkCluster.requireData();
    sparkHome = SparkCluster.sparkHome(tmp.resolve("spark-home"));
  }

  private List<String> sweep(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--backend", "djl-pytorch", "--data-dir",
        data.path().toString(), "--model", "mlp", "--sparsities", "0.9", "--allocators", "erk,uniform", "--epochs",
        "1", "--train-limit", "3000", "--test-limit", "500", "--no-robustness", "--no-odin", "--out",
        out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  /** The same grid in this JVM, one thread per cell as a 1-core Spark task has. */
  private Path localReference() {
    Path out = tmp.resolve("local");
    StringWriter err = new StringWriter();
    int code = Sparse4jCli.commandLine(new Sparse4jCli(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true)).execute(sweep(out, "--threads", "1").toArray(String[]::new));
    assertEquals(0, code, err.toString());
    return out;
  }

  private static void assertSameTable(Path expected, Path actual) throws Exception {
    JsonNode e = JSON.readTree(expected.resolve("results.json").toFile()).path("rows");
    JsonNode a = JSON.readTree(actual.resolve("results.json").toFile()).path("rows");
    assertEquals(CELLS.size(), a.size(), "exactly one row per cell: " + a);
    for (int i = 0; i < CELLS.size(); i++) {
      assertEquals(CELLS.get(i), a.get(i).path("cell").asText());
      for (String m : List.of("accuracy", "nll", "ece", "totalDensity", "ood.mnist.energy.auroc")) {
        assertEquals(e.get(i).path(m).asDouble(), a.get(i).path(m).asDouble(), 0, CELLS.get(i) + " " + m);
      }
    }
    List<String> csv = Files.readAllLines(actual.resolve("results.csv"));
    assertEquals(CELLS.size() + 1, csv.size(), String.join("\n", csv));
  }

  @Test
  void aLocalClusterRunsOneTaskPerCellInExecutorJvms() throws Exception {
    Path out = tmp.resolve("local-cluster");
    Path log = tmp.resolve("driver.log");
    Process driver = SparkCluster.start(sparkHome, log, Sparse4jCli.class, sweep(out, "--executor", "spark",
        "--master", "local-cluster[2,1,1024]", "--conf", "spark.driver.host=127.0.0.1").toArray(String[]::new));
    assertEquals(0, SparkCluster.await(driver, 600, log), SparkCluster.tail(log));
    String text = Files.readString(log);
    assertTrue(text.contains("executor spark (local-cluster[2,1,1024])"), SparkCluster.tail(log));
    // The executors ran the cells in their own JVMs: not in the driver's process.
    long driverPid = driver.pid();
    for (String c : CELLS) {
      assertTrue(Files.isRegularFile(out.resolve("cells").resolve(c).resolve("report.json")), c);
    }
    assertTrue(!text.contains("pid " + driverPid + "@"), "cells ran outside the driver");
    assertSameTable(localReference(), out);
    for (String png : List.of("accuracy-vs-sparsity.png", "ece-vs-sparsity.png", "ood-auroc-vs-sparsity.png")) {
      assertTrue(javax.imageio.ImageIO.read(out.resolve("plots").resolve(png).toFile()) != null, png + " is a PNG");
    }
  }

  @Test
  void aStandaloneClusterSurvivesAWorkerKilledInTheMiddleOfACell() throws Exception {
    int port = SparkCluster.freePort();
    String master = "spark://127.0.0.1:" + port;
    Path masterLog = tmp.resolve("master.log");
    Process masterJvm = SparkCluster.start(sparkHome, masterLog, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(
            SparkCluster.freePort()));
    List<Process> workers = new ArrayList<>();
    try {
      workers.add(worker(master, "worker-1"));
      Path out = tmp.resolve("standalone");
      Path log = tmp.resolve("driver.log");
      Process driver = SparkCluster.start(sparkHome, log, Sparse4jCli.class, sweep(out, "--executor", "spark",
          "--master", master, "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g")
          .toArray(String[]::new));

      // Once the first cell is finished, the next one is running on the only worker: kill that worker (and its
      // executor), as a machine that dies would, then give the cluster a new one.
      Path cells = out.resolve("cells");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
      while (System.nanoTime() < deadline && driver.isAlive() && finished(cells) < 1) {
        Thread.sleep(100);
      }
      assertTrue(finished(cells) >= 1 && driver.isAlive(), "the first cell finished first: "
          + SparkCluster.tail(log));
      Thread.sleep(1500);
      SparkCluster.killTree(workers.get(0));
      assertTrue(finished(cells) < CELLS.size(), "the worker was killed while cells were still running");
      workers.add(worker(master, "worker-2"));

      assertEquals(0, SparkCluster.await(driver, 600, log), SparkCluster.tail(log));
      String driverLog = Files.readString(log);
      assertTrue(driverLog.contains("Lost executor"),
          "Spark saw the task die with its worker and ran it again:\n" + SparkCluster.tail(log));
      assertSameTable(localReference(), out);
    } finally {
      workers.forEach(SparkCluster::killTree);
      SparkCluster.killTree(masterJvm);
    }
  }

  private Process worker(String master, String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return SparkCluster.start(sparkHome, tmp.resolve(name + ".log"), "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--cores", "1", "--memory", "1500m", "--work-dir", dir.toString(), "--webui-port",
        Integer.toString(SparkCluster.freePort()), master);
  }

  private static long finished(Path cells) throws Exception {
    return CELLS.stream().filter(c -> Files.isRegularFile(cells.resolve(c).resolve("report.json"))).count();
  }
}
