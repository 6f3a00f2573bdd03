package dev.sparse4j.sweep.spark;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.io.data.MissingDataException;
import dev.sparse4j.runner.sweep.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Spark processes on the loopback interface for the tests: a {@code SPARK_HOME} whose {@code jars/} links every
 * jar of the test class path (what executors started by local-cluster and standalone workers load), and JVMs for a
 * standalone Master, Workers and the sweep driver.
 */
final class SparkCluster {
  private SparkCluster() {}

  /** The installed data directory; aborts the test (fails it on CI) when the data is missing. */
  static DataDirectory requireData() {
    DataDirectory dir = DataDirectory.resolve();
    try {
      dir.check();
    } catch (MissingDataException e) {
      String message = "the Spark sweep tests train on the real Fashion-MNIST: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return dir;
  }

  /** {@code dir/jars/} with a link to every jar on this JVM's class path. */
  static Path sparkHome(Path dir) throws IOException {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath();
      if (e.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
      }
    }
    return dir;
  }

  /** A free TCP port on 127.0.0.1. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code mainClass} in a JVM like this one (Spark's JVM options included), output to {@code log}. */
  static Process start(Path sparkHome, Path log, Class<?> mainClass, String... args) throws IOException {
    return start(sparkHome, log, mainClass.getName(), args);
  }

  /** {@link #start(Path, Path, Class, String...)} by class name (Spark's Master and Worker). */
  static Process start(Path sparkHome, Path log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(SparkExecutor.JVM_OPTIONS.split(" ")));
    cmd.addAll(List.of("-Dai.djl.offline=true", "-Djava.awt.headless=true", "-Xmx1g",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", ChildJvm.classPath(), mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPT_OUT_TRACKING", "true");
    return pb.start();
  }

  /** Waits for {@code p} to end, killing it after {@code seconds}. */
  static int await(Process p, int seconds, Path log) throws Exception {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("did not finish in " + seconds + " s; log:\n" + tail(log));
    }
    return p.exitValue();
  }

  /** The last 60 lines of a log, for failure messages. */
  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** Kills {@code p} and every process it started (a worker's executors). */
  static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
