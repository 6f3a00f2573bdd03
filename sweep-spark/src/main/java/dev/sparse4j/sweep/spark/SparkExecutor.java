package dev.sparse4j.sweep.spark;

import dev.sparse4j.runner.sweep.CellOutcome;
import dev.sparse4j.runner.sweep.ChildJvm;
import dev.sparse4j.runner.sweep.SweepExecutor;
import dev.sparse4j.runner.sweep.SweepTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sparse4j sweep --executor spark --master URL}: every cell is one Spark job of one task, submitted together,
 * so the cluster runs as many cells at a time as it has task slots ({@code spark.task.cpus} cores each; the cell's
 * backend gets that many threads). A task that dies with its executor is retried ({@code spark.task.maxFailures}),
 * and the retry resumes the cell from its last checkpoint; each cell's run directory is locked by the run itself.
 * The driver alone writes the results table, from the run directories, so {@code --out} must be on a file system
 * every worker sees (the local disk for {@code local[*]} and {@code local-cluster}; NFS or similar on a cluster).
 *
 * <p>Executors get the driver's class path ({@code spark.executor.extraClassPath}, absolute paths) unless the
 * {@code --conf} sets it, {@code -Dai.djl.offline=true} and the JVM options Spark needs on Java 17.
 */
public final class SparkExecutor implements SweepExecutor {
  /** The executor's id. */
  public static final String ID = "spark";
  /**
   * The JVM options Spark needs on Java 17 (Spark's {@code JavaModuleOptions}), also given to the executors; written
   * once, as the {@code sparkJvmOptions} property of this module's pom.
   */
  public static final String JVM_OPTIONS = jvmOptions();

  private static final Logger LOG = LoggerFactory.getLogger(SparkExecutor.class);

  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls. */
  public SparkExecutor() {}

  private static String jvmOptions() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = SparkExecutor.class.getResourceAsStream("spark-jvm.properties")) {
      p.load(in);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("the sweep-spark jar lacks spark-jvm.properties; rebuild it", e);
    }
    return p.getProperty("options");
  }

  @Override
  public String id() {
    return ID;
  }

  private static final String FORMS = "local[*] or local[N] (this JVM), local-cluster[N,cores,MB] (executor JVMs on"
      + " this machine; needs SPARK_HOME, which the launcher sets) or spark://host:7077 (a standalone master; YARN and"
      + " Kubernetes through spark-submit)";
  private static final java.util.regex.Pattern LOCAL =
      java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,(\\d+))?])?");
  private static final java.util.regex.Pattern LOCAL_CLUSTER =
      java.util.regex.Pattern.compile("local-cluster\\[(\\d+),(\\d+),(\\d+)]");
  private static final java.util.regex.Pattern STANDALONE =
      java.util.regex.Pattern.compile("spark://([^:/,\\s]+):(\\d{1,5})");
  /** How long the check waits for a standalone master to accept a connection (Spark alone retries ~60 s). */
  static final int CONNECT_TIMEOUT_MS = 15000;

  /**
   * Checks {@code --master} before anything runs (also for a dry run): its form, positive counts, and for a
   * standalone master that something accepts connections at its address within {@value #CONNECT_TIMEOUT_MS} ms —
   * Spark itself would retry for a minute and then fail with an internal error.
   */
  @Override
  public void check(Map<String, String> settings) {
    String master = settings.get("master");
    if (master == null || master.isBlank()) {
      throw new IllegalArgumentException("--executor spark needs --master: " + FORMS);
    }
    java.util.regex.Matcher local = LOCAL.matcher(master);
    java.util.regex.Matcher cluster = LOCAL_CLUSTER.matcher(master);
    java.util.regex.Matcher standalone = STANDALONE.matcher(master);
    if (local.matches()) {
      if ("0".equals(local.group(1))) {
        throw new IllegalArgumentException("--master " + master + ": local[N] needs N ≥ 1 threads (local[*]: one"
            + " per core)");
      }
    } else if (cluster.matches()) {
      for (int g = 1; g <= 3; g++) {
        if (Long.parseLong(cluster.group(g)) < 1) {
          throw new IllegalArgumentException("--master " + master + ": local-cluster[N,cores,MB] needs every number"
              + " ≥ 1");
        }
      }
    } else if (standalone.matches()) {
      reachable(master, standalone.group(1), Integer.parseInt(standalone.group(2)));
    } else {
      throw new IllegalArgumentException("--master " + master + " is not a master this executor can use; give "
          + FORMS);
    }
  }

  /**
   * Fails within {@value #CONNECT_TIMEOUT_MS} ms if nothing accepts connections at the standalone master's address
   * (retried meanwhile: a master that is starting up gets the time to listen).
   */
  private static void reachable(String master, String host, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--master " + master + ": port " + port + " is not a TCP port");
    }
    long deadline = System.nanoTime() + CONNECT_TIMEOUT_MS * 1_000_000L;
    java.io.IOException last;
    do {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(host, port), 2000);
        return;
      } catch (java.io.IOException e) {
        last = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    throw new IllegalArgumentException("--master " + master + ": no Spark master answers at " + host + ":" + port
        + " (" + last.getMessage() + ", for " + CONNECT_TIMEOUT_MS / 1000 + " s); start it (sbin/start-master.sh,"
        + " or org.apache.spark.deploy.master.Master) or correct the address");
  }

  @Override
  public void execute(List<SweepTask> tasks, Map<String, String> settings, Listener done) throws Exception {
    check(settings);
    String master = settings.get("master");
    SparkConf conf = conf(master, settings);
    LOG.info("submitting {} cells to Spark master {}", tasks.size(), master);
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      Map<SweepTask, JavaFutureAction<List<CellOutcome>>> running = new LinkedHashMap<>();
      for (SweepTask t : tasks) {
        sc.setJobDescription("sparse4j cell " + t.cellId());
        running.put(t, sc.parallelize(List.of(t), 1).map(new RunCell()).collectAsync());
      }
      // Report each cell as it ends, in the order they end.
      while (!running.isEmpty()) {
        List<SweepTask> ended = new ArrayList<>();
        for (Map.Entry<SweepTask, JavaFutureAction<List<CellOutcome>>> e : running.entrySet()) {
          if (e.getValue().isDone()) {
            done.finished(outcome(e.getKey(), e.getValue()));
            ended.add(e.getKey());
          }
        }
        ended.forEach(running::remove);
        if (!running.isEmpty() && ended.isEmpty()) {
          Thread.sleep(200);
        }
      }
    }
  }

  /** N of {@code local[N]} ({@code local[*]}: the cores; {@code local}: 1), or 0 for any other master. */
  static int localThreads(String master) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?").matcher(master);
    if (!m.matches()) {
      return 0;
    }
    String n = m.group(1);
    return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
  }

  private static CellOutcome outcome(SweepTask t, JavaFutureAction<List<CellOutcome>> f) throws InterruptedException {
    try {
      return f.get().get(0);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return new CellOutcome(t.cellId(), false, "Spark gave up on the cell: " + c.getMessage(), 0, "spark");
    }
  }

  /** The Spark configuration: sparse4j's defaults, then the {@code --conf} entries, which win. */
  static SparkConf conf(String master, Map<String, String> settings) {
    SparkConf conf = new SparkConf().setAppName("sparse4j sweep").setMaster(master)
        .set("spark.executor.extraClassPath", ChildJvm.classPath())
        .set("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Djava.awt.headless=true " + JVM_OPTIONS)
        .set("spark.executorEnv.OPT_OUT_TRACKING", "true")
        .set("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "1")
        .set("spark.task.maxFailures", "4")
        .set("spark.ui.enabled", "false");
    int threads = localThreads(master);
    if (threads > 0) {
      // local[N] runs tasks as threads of this JVM, and an engine may train one model per JVM at a time
      // (djl-pytorch): one cell at a time, with all N threads. local-cluster and real clusters use executor JVMs.
      conf.set("spark.task.cpus", Integer.toString(threads));
    }
    settings.forEach((k, v) -> {
      if (k.startsWith("conf.")) {
        conf.set(k.substring("conf.".length()), v);
      }
    });
    return conf;
  }
}
