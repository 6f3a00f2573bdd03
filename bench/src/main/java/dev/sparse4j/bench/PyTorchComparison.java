package dev.sparse4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Density;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code djl-pytorch} training step and evaluation forward pass against the same ones in Python PyTorch, on the
 * same machine with the same thread count, alternated round by round in one run (Java {@code steps} steps, then
 * Python {@code steps} steps, …) so that both see the same load; prints the Java/Python ratio of the median step
 * per configuration, and the evaluation throughput (images/s) of both. The Python side is
 * {@code bench/src/main/python/torch_step_server.py} (the same network, optimizer and masking), run with Debian's
 * {@code python3-torch}; {@code bench/compare-pytorch.sh} installs it when missing and runs this class.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code models=resnet20:1,resnet20:2,mlp:1} (model:width),
 * {@code masking=dense,masked}, {@code density=0.1} (ERK, random positions), {@code batch=128}, {@code threads=2},
 * {@code rounds=10}, {@code steps=3}, {@code warmup=2}, {@code input=1x28x28}, {@code seed=42},
 * {@code python=/usr/bin/python3}, {@code script=bench/src/main/python/torch_step_server.py}.
 */
public final class PyTorchComparison {
  private static final double LEARNING_RATE = 0.1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PyTorchComparison() {}

  /**
   * One configuration: a zoo model at a width, dense or masked.
   *
   * @param model zoo name ({@code resnet20}, {@code mlp})
   * @param width width multiplier
   * @param masked random ERK masks at the given density, or dense
   */
  record Config(String model, double width, boolean masked) {
    String label() {
      return String.format(Locale.ROOT, "%s ×%s %s", model, width == Math.rint(width) ? Long.toString((long) width)
          : Double.toString(width), masked ? "masked" : "dense");
    }
  }

  /** The defaults, which also name the known arguments. */
  static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("models", "resnet20:1,resnet20:2,mlp:1");
    d.put("masking", "dense,masked");
    d.put("density", "0.1");
    d.put("batch", "128");
    d.put("threads", "2");
    d.put("rounds", "10");
    d.put("steps", "3");
    d.put("warmup", "2");
    d.put("input", "1x28x28");
    d.put("seed", "42");
    d.put("python", "/usr/bin/python3");
    d.put("script", "bench/src/main/python/torch_step_server.py");
    return d;
  }

  /**
   * The configurations of {@code models} × {@code masking}.
   *
   * @throws IllegalArgumentException for a malformed model entry or masking word
   */
  static List<Config> configs(String models, String masking) {
    List<Config> out = new ArrayList<>();
    for (String m : models.split(",")) {
      String[] mw = m.trim().split(":");
      if (mw.length != 2 || !List.of("resnet20", "mlp").contains(mw[0])) {
        throw new IllegalArgumentException("models: expected resnet20:<width> or mlp:<width>, got '" + m + "'");
      }
      double w;
      try {
        w = Double.parseDouble(mw[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("models: the width of '" + m + "' is not a number", e);
      }
      for (String k : masking.split(",")) {
        if (!List.of("dense", "masked").contains(k.trim())) {
          throw new IllegalArgumentException("masking: expected dense and/or masked, got '" + k + "'");
        }
        out.add(new Config(mw[0], w, k.trim().equals("masked")));
      }
    }
    return out;
  }

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> kv = BenchArgs.parse(defaults(), args);
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    List<Config> configs = configs(kv.get("models"), kv.get("masking"));
    int rounds = Integer.parseInt(kv.get("rounds"));
    System.out.printf(Locale.ROOT, "Java %s, %d cores, %s threads on both sides, batch %s, %d rounds of %s steps "
            + "after %s warm-up rounds, SGD lr %.1f Nesterov 0.9 wd 5e-4, masks ERK density %s%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), kv.get("threads"),
        kv.get("batch"), rounds, kv.get("steps"), kv.get("warmup"), LEARNING_RATE, kv.get("density"));
    String preload = System.getenv("LD_PRELOAD");
    System.out.println("native allocator: Java " + (preload == null || preload.isBlank() ? "glibc malloc" : preload)
        + ", Python glibc malloc");
    // step J/P: Java's median step over Python's (below 1: Java is faster); img/s J/P: Java's evaluation throughput
    // over Python's (above 1: Java is faster).
    System.out.printf(Locale.ROOT, "%-20s %10s %12s %9s %12s %12s %10s%n", "configuration", "java ms", "python ms",
        "step J/P", "java img/s", "python img/s", "img/s J/P");
    try (SparseBackend backend = Backends.create("djl-pytorch",
        new BackendOptions(Map.of("threads", kv.get("threads"))))) {
      for (Config c : configs) {
        compare(backend, c, kv);
      }
    }
  }

  private static void compare(SparseBackend backend, Config c, Map<String, String> kv) throws Exception {
    int batch = Integer.parseInt(kv.get("batch"));
    int steps = Integer.parseInt(kv.get("steps"));
    long seed = Long.parseLong(kv.get("seed"));
    ModelSpec spec = Models.create(c.model(), ModelOptions.of(Models.parseShape(kv.get("input")), 10)
        .withWidth(c.width()));
    RandomBatch data = RandomBatch.of(spec.inputSize(), batch, 10, seed);
    float[] x = data.inputs();
    int[] y = data.labels();
    List<Double> javaStep = new ArrayList<>();
    List<Double> pyStep = new ArrayList<>();
    List<Double> javaEval = new ArrayList<>();
    List<Double> pyEval = new ArrayList<>();
    Process py = pythonSide(kv.get("python"), kv.get("script"), "--model", c.model(), "--width",
        Double.toString(c.width()), "--input", kv.get("input"), "--batch", kv.get("batch"), "--threads",
        kv.get("threads"), "--density", c.masked() ? kv.get("density") : "1", "--seed", kv.get("seed"));
    try (SparseModel m = backend.build(spec, seed);
        BufferedReader in = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter toPy = new PrintWriter(py.getOutputStream(), true, StandardCharsets.UTF_8)) {
      JsonNode ready = JSON.readTree(in.readLine());
      if (ready == null || !ready.path("ready").asBoolean()) {
        throw new IllegalStateException("the Python side did not start: " + ready);
      }
      if (ready.path("parameters").asLong() != spec.parameterCount()) {
        throw new IllegalStateException("the Python network has " + ready.path("parameters") + " parameters, "
            + spec.name() + " has " + spec.parameterCount() + ": the two sides do not compare the same network");
      }
      if (c.masked()) {
        m.applyMasks(Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(),
            Density.of(Double.parseDouble(kv.get("density")))), PruneContext.ofSeed(seed)));
      }
      m.setOptimizer(OptimizerConfig.paperSgd());
      int warmup = Integer.parseInt(kv.get("warmup"));
      for (int r = -warmup; r < Integer.parseInt(kv.get("rounds")); r++) {
        List<Double> js = new ArrayList<>();
        List<Double> je = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
          long t0 = System.nanoTime();
          m.trainStep(x, y, batch, LEARNING_RATE);
          js.add((System.nanoTime() - t0) / 1e6);
        }
        List<Double> ps = ask(toPy, in, "train " + steps);
        for (int s = 0; s < steps; s++) {
          long t0 = System.nanoTime();
          m.logits(x, batch);
          je.add((System.nanoTime() - t0) / 1e6);
        }
        List<Double> pe = ask(toPy, in, "eval " + steps);
        if (r >= 0) {
          javaStep.addAll(js);
          pyStep.addAll(ps);
          javaEval.addAll(je);
          pyEval.addAll(pe);
        }
      }
      toPy.println("quit");
    } finally {
      py.destroy();
    }
    double j = StepStats.of(javaStep.stream().mapToDouble(Double::doubleValue).toArray()).median();
    double p = StepStats.of(pyStep.stream().mapToDouble(Double::doubleValue).toArray()).median();
    double je = StepStats.of(javaEval.stream().mapToDouble(Double::doubleValue).toArray()).median();
    double pe = StepStats.of(pyEval.stream().mapToDouble(Double::doubleValue).toArray()).median();
    System.out.printf(Locale.ROOT, "%-20s %10.1f %12.1f %9.2f %12.0f %12.0f %10.2f%n", c.label(), j, p, j / p,
        1000 * batch / je, 1000 * batch / pe, pe / je);
  }

  /**
   * Starts the Python side. It runs with libgomp's default wait policy and glibc's malloc whatever this JVM was
   * given ({@code OMP_WAIT_POLICY}, {@code GOMP_SPINCOUNT} and the launcher's {@code LD_PRELOAD} of tcmalloc are
   * removed from its environment), so that the reference is stock Python PyTorch.
   */
  static Process pythonSide(String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().remove("OMP_WAIT_POLICY");
    pb.environment().remove("GOMP_SPINCOUNT");
    pb.environment().remove("LD_PRELOAD");
    return pb.start();
  }

  private static List<Double> ask(PrintWriter toPy, BufferedReader in, String command) throws IOException {
    toPy.println(command);
    String line = in.readLine();
    if (line == null) {
      throw new IllegalStateException("the Python side ended during '" + command + "'");
    }
    List<Double> out = new ArrayList<>();
    JSON.readTree(line).path("ms").forEach(v -> out.add(v.asDouble()));
    return out;
  }
}
