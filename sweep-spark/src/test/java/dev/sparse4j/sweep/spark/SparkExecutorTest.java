package dev.sparse4j.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.runner.sweep.SweepExecutors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkExecutorTest {

  @Test
  void foundByTheCliThroughServiceLoader() {
    PrintWriter w = new PrintWriter(new StringWriter());
    assertInstanceOf(SparkExecutor.class, SweepExecutors.get("spark", Backends.registry(), w, w));
  }

  @Test
  void aMasterIsRequiredWithTheUrlsThatWork() {
    String m = assertThrows(IllegalArgumentException.class, () -> new SparkExecutor().check(Map.of("parallel", "1")))
        .getMessage();
    assertTrue(m.startsWith("--executor spark needs --master: local[*]") && m.contains("spark://host:7077"), m);
  }

  /** Bad masters are refused at once, before Spark starts (it would retry for a minute, then fail obscurely). */
  @Test
  void badOrUnreachableMastersAreRefusedWithinSeconds() throws Exception {
    SparkExecutor e = new SparkExecutor();
    for (String ok : new String[] {"local", "local[*]", "local[2]", "local[2,3]", "local-cluster[2,1,1024]"}) {
      e.check(Map.of("master", ok));
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> e.check(Map.of("master", "local[0]")))
        .getMessage().contains("local[N] needs N ≥ 1 threads"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> e.check(Map.of("master", "locl[2]")))
        .getMessage().startsWith("--master locl[2] is not a master this executor can use; give local[*]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> e.check(Map.of("master",
        "local-cluster[0,1,1024]"))).getMessage().contains("needs every number ≥ 1"));
    // A closed port on this machine: refused within the check's 15 s, not after Spark's minute of retries.
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    String m = assertThrows(IllegalArgumentException.class,
        () -> e.check(Map.of("master", "spark://127.0.0.1:" + port))).getMessage();
    assertTrue(m.contains("no Spark master answers at 127.0.0.1:" + port), m);
    assertTrue((System.nanoTime() - start) / 1e9 < 30, "bounded time");
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      e.check(Map.of("master", "spark://127.0.0.1:" + s.getLocalPort()));
    }
  }

  @Test
  void localMastersRunOneCellAtATimeWithAllTheirThreads() {
    assertEquals(4, SparkExecutor.localThreads("local[4]"));
    assertEquals(1, SparkExecutor.localThreads("local"));
    assertEquals(3, SparkExecutor.localThreads("local[3,2]"));
    assertEquals(Runtime.getRuntime().availableProcessors(), SparkExecutor.localThreads("local[*]"));
    assertEquals(0, SparkExecutor.localThreads("local-cluster[2,1,1024]"));
    assertEquals(0, SparkExecutor.localThreads("spark://127.0.0.1:7077"));
    assertEquals("4", SparkExecutor.conf("local[4]", Map.of()).get("spark.task.cpus"));
    assertEquals(false, SparkExecutor.conf("spark://h:1", Map.of()).contains("spark.task.cpus"));
  }

  @Test
  void confEntriesWinOverSparse4jDefaultsAndExecutorsGetWhatTheyNeed() {
    SparkConf c = SparkExecutor.conf("spark://h:1", Map.of("conf.spark.task.maxFailures", "9", "master", "x",
        "conf.spark.task.cpus", "2"));
    assertEquals("9", c.get("spark.task.maxFailures"));
    assertEquals("2", c.get("spark.task.cpus"));
    assertTrue(c.get("spark.executor.extraJavaOptions").contains("-Dai.djl.offline=true")
        && c.get("spark.executor.extraJavaOptions").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
    assertTrue(c.get("spark.executor.extraClassPath").startsWith("/"), "absolute class path entries");
    assertEquals("true", c.get("spark.executorEnv.OPT_OUT_TRACKING"));
  }
}
