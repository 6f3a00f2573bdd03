package dev.sparse4j.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.cli.sweep.SweepExecutors;
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
