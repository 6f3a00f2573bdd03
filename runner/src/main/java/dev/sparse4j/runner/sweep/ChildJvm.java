package dev.sparse4j.runner.sweep;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How to start another JVM like this one: the same {@code java}, JVM options and class path (with absolute entries,
 * so that a JVM started elsewhere, e.g. a Spark executor, finds it). Engines that train one model per JVM at a time
 * (djl-pytorch's gradient collector is process-wide) run parallel cells in such JVMs.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Stops {@code p} and every process it started: asks them to end (SIGTERM), waits up to {@code graceSeconds} for
   * {@code p}, then kills what is left (SIGKILL). {@code graceSeconds = 0} kills at once (a hung child).
   */
  public static void stop(Process p, long graceSeconds) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (graceSeconds > 0 && p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** This JVM's class path with absolute entries. */
  public static String classPath() {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        out.add(e.endsWith("*") ? new File(e.substring(0, e.length() - 1)).getAbsolutePath() + File.separator + "*"
            : new File(e).getAbsolutePath());
      }
    }
    return String.join(File.pathSeparator, out);
  }

  // System properties set after start-up (e.g. by a test runner) that a child needs too.
  private static final List<String> FORWARDED = List.of("ai.djl.", "sparse4j.", "org.slf4j.", "java.awt.headless");

  /**
   * {@code java <this JVM's options> -cp <class path> mainClass args…}, with this JVM's {@code ai.djl.*},
   * {@code sparse4j.*} and {@code org.slf4j.*} system properties.
   */
  public static List<String> command(Class<?> mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    cmd.addAll(jvm);
    for (String key : System.getProperties().stringPropertyNames()) {
      if (FORWARDED.stream().anyMatch(key::startsWith) && jvm.stream().noneMatch(a -> a.startsWith("-D" + key + "="))) {
        cmd.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
