package dev.sparse4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Density;
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
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where a {@code djl-pytorch} training step's time goes, next to the same step in Python PyTorch: both sides run
 * {@code steps} steps under PyTorch's own profiler (DJL's {@code JniUtils.startProfile}, Python's
 * {@code torch.autograd.profiler}), and this prints, per ATen operator, the self time per step on each side, then
 * the share of the step spent outside any operator (framework overhead: JNI or Python, array bookkeeping, autograd
 * engine scheduling).
 *
 * <p>Arguments ({@code key=value}, all optional): {@code model=resnet20}, {@code width=1}, {@code masked=false},
 * {@code density=0.1}, {@code batch=128}, {@code threads=2}, {@code steps=10}, {@code warmup=5}, {@code top=25},
 * {@code input=1x28x28}, {@code seed=42}, {@code python=/usr/bin/python3} (empty: Java only),
 * {@code script=bench/src/main/python/torch_step_server.py}, {@code trace=target/djl-step-trace.json},
 * {@code shapes=false} (true: the Java trace also records every operator's input shapes), {@code mode=train}
 * ({@code eval}: evaluation-mode forward passes, {@code SparseModel.logits}, instead of training steps),
 * {@code memory-format=channels-last} (the {@code djl-pytorch} option; {@code contiguous}: NCHW).
 */
public final class StepProfile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StepProfile() {}

  /** The defaults, which also name the known arguments. */
  static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("model", "resnet20");
    d.put("width", "1");
    d.put("masked", "false");
    d.put("density", "0.1");
    d.put("batch", "128");
    d.put("threads", "2");
    d.put("steps", "10");
    d.put("warmup", "5");
    d.put("top", "25");
    d.put("input", "1x28x28");
    d.put("seed", "42");
    d.put("python", "/usr/bin/python3");
    d.put("script", "bench/src/main/python/torch_step_server.py");
    d.put("trace", "target/djl-step-trace.json");
    d.put("shapes", "false");
    d.put("mode", "train");
    d.put("memory-format", "channels-last");
    return d;
  }

  /** Self time and call count of one operator over all profiled steps. */
  record OpTime(long count, double selfMicros) {
    /** An operator one side never ran. */
    static final OpTime NONE = new OpTime(0, 0);

    OpTime plus(OpTime o) {
      return new OpTime(count + o.count, selfMicros + o.selfMicros);
    }
  }

  /** Runs the profile; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> kv = BenchArgs.parse(defaults(), args);
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    int steps = Integer.parseInt(kv.get("steps"));
    int batch = Integer.parseInt(kv.get("batch"));
    long seed = Long.parseLong(kv.get("seed"));
    boolean masked = Boolean.parseBoolean(kv.get("masked"));
    boolean training = isTraining(kv.get("mode"));
    ModelSpec spec = Models.create(kv.get("model"), ModelOptions.of(Models.parseShape(kv.get("input")), 10)
        .withWidth(Double.parseDouble(kv.get("width"))));
    RandomBatch data = RandomBatch.of(spec.inputSize(), batch, 10, seed);

    Map<String, OpTime> java;
    double javaWallMs;
    Path trace = Path.of(kv.get("trace"));
    try (SparseBackend backend = Backends.create("djl-pytorch",
        new BackendOptions(Map.of("threads", kv.get("threads"), "memory-format", kv.get("memory-format"))));
        SparseModel m = backend.build(spec, seed)) {
      if (masked) {
        m.applyMasks(Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(),
            Density.of(Double.parseDouble(kv.get("density")))), PruneContext.ofSeed(seed)));
      }
      m.setOptimizer(OptimizerConfig.paperSgd());
      for (int i = 0; i < Integer.parseInt(kv.get("warmup")); i++) {
        run(m, data, batch, training);
      }
      Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
      Method start = jni.getMethod("startProfile", boolean.class, boolean.class, boolean.class);
      Method stop = jni.getMethod("stopProfile", String.class);
      Files.createDirectories(trace.toAbsolutePath().getParent());
      start.invoke(null, false, Boolean.parseBoolean(kv.get("shapes")), false);
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        run(m, data, batch, training);
      }
      javaWallMs = (System.nanoTime() - t0) / 1e6 / steps;
      stop.invoke(null, trace.toString());
    }
    java = selfTimes(JSON.readTree(trace.toFile()));

    Map<String, OpTime> python = Map.of();
    double pythonWallMs = Double.NaN;
    if (!kv.get("python").isEmpty()) {
      Process py = PyTorchComparison.pythonSide(kv.get("python"), kv.get("script"), "--model", kv.get("model"),
          "--width", kv.get("width"), "--input", kv.get("input"), "--batch", kv.get("batch"), "--threads",
          kv.get("threads"), "--density", masked ? kv.get("density") : "1", "--seed", kv.get("seed"));
      try (BufferedReader in = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter toPy = new PrintWriter(py.getOutputStream(), true, StandardCharsets.UTF_8)) {
        in.readLine();
        toPy.println((training ? "train " : "eval ") + kv.get("warmup"));
        in.readLine();
        toPy.println((training ? "profile " : "profile-eval ") + steps);
        JsonNode answer = JSON.readTree(in.readLine());
        pythonWallMs = answer.path("ms").asDouble() / steps;
        Map<String, OpTime> ops = new HashMap<>();
        answer.path("ops").properties().forEach(e -> ops.put(e.getKey(),
            new OpTime(e.getValue().get(0).asLong(), e.getValue().get(1).asDouble())));
        python = ops;
        toPy.println("quit");
      } finally {
        py.destroy();
      }
    }
    print(kv, java, javaWallMs, python, pythonWallMs, steps, trace);
  }

  /**
   * Whether {@code mode} profiles training steps ({@code train}) or evaluation passes ({@code eval}).
   *
   * @throws IllegalArgumentException for any other word
   */
  static boolean isTraining(String mode) {
    return switch (mode) {
      case "train" -> true;
      case "eval" -> false;
      default -> throw new IllegalArgumentException("mode: expected train or eval, got '" + mode + "'");
    };
  }

  private static void run(SparseModel m, RandomBatch data, int batch, boolean training) {
    if (training) {
      m.trainStep(data.inputs(), data.labels(), batch, 0.1);
    } else {
      m.logits(data.inputs(), batch);
    }
  }

  /**
   * Self time per operator from a Chrome trace: every complete event's duration minus the durations of the events
   * directly nested in it on the same thread.
   */
  static Map<String, OpTime> selfTimes(JsonNode trace) {
    JsonNode events = trace.isArray() ? trace : trace.path("traceEvents");
    Map<String, List<JsonNode>> byThread = new HashMap<>();
    for (JsonNode e : events) {
      if ("X".equals(e.path("ph").asText()) && e.has("dur") && !"cpu_instant_event".equals(e.path("cat").asText())) {
        byThread.computeIfAbsent(e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>())
            .add(e);
      }
    }
    Map<String, OpTime> out = new HashMap<>();
    for (List<JsonNode> list : byThread.values()) {
      list.sort(Comparator.<JsonNode>comparingDouble(e -> e.path("ts").asDouble())
          .thenComparing(e -> -e.path("dur").asDouble()));
      // A stack of open events: [end time, index into self]; children subtract their duration from the parent.
      List<double[]> open = new ArrayList<>();
      List<String> names = new ArrayList<>();
      List<Double> self = new ArrayList<>();
      for (JsonNode e : list) {
        double ts = e.path("ts").asDouble();
        double dur = e.path("dur").asDouble();
        while (!open.isEmpty() && open.get(open.size() - 1)[0] <= ts) {
          open.remove(open.size() - 1);
        }
        if (!open.isEmpty()) {
          int parent = (int) open.get(open.size() - 1)[1];
          self.set(parent, self.get(parent) - dur);
        }
        names.add(e.path("name").asText());
        self.add(dur);
        open.add(new double[] {ts + dur, names.size() - 1});
      }
      for (int i = 0; i < names.size(); i++) {
        out.merge(names.get(i), new OpTime(1, Math.max(0, self.get(i))), OpTime::plus);
      }
    }
    return out;
  }

  private static void print(Map<String, String> kv, Map<String, OpTime> java, double javaWallMs,
      Map<String, OpTime> python, double pythonWallMs, int steps, Path trace) {
    System.out.printf(Locale.ROOT, "%s ×%s %s, batch %s, %s threads, %d profiled %s (Java trace: %s)%n",
        kv.get("model"), kv.get("width"), Boolean.parseBoolean(kv.get("masked")) ? "masked" : "dense",
        kv.get("batch"), kv.get("threads"), steps, "eval".equals(kv.get("mode")) ? "evaluation passes" : "steps",
        trace);
    System.out.printf(Locale.ROOT, "%-44s %8s %10s %8s %10s %7s%n", "operator (self time per step)", "java n",
        "java ms", "py n", "py ms", "J/P");
    TreeSet<String> names = new TreeSet<>(Comparator.comparingDouble((String n) ->
        -Math.max(java.getOrDefault(n, OpTime.NONE).selfMicros(),
            python.getOrDefault(n, OpTime.NONE).selfMicros())).thenComparing(n -> n));
    names.addAll(java.keySet());
    names.addAll(python.keySet());
    int top = Integer.parseInt(kv.get("top"));
    double javaOps = java.values().stream().mapToDouble(OpTime::selfMicros).sum() / 1000 / steps;
    double pyOps = python.values().stream().mapToDouble(OpTime::selfMicros).sum() / 1000 / steps;
    int shown = 0;
    for (String n : names) {
      if (shown++ == top) {
        break;
      }
      OpTime j = java.getOrDefault(n, OpTime.NONE);
      OpTime p = python.getOrDefault(n, OpTime.NONE);
      double jm = j.selfMicros() / 1000 / steps;
      double pm = p.selfMicros() / 1000 / steps;
      System.out.printf(Locale.ROOT, "%-44s %8.1f %10.2f %8.1f %10.2f %7s%n", n.length() > 44 ? n.substring(0, 44) : n,
          (double) j.count() / steps, jm, (double) p.count() / steps, pm,
          pm > 0 ? String.format(Locale.ROOT, "%.2f", jm / pm) : "-");
    }
    System.out.printf(Locale.ROOT, "%-44s %19.2f %19.2f%n", "all operators", javaOps, pyOps);
    System.out.printf(Locale.ROOT, "%-44s %19.2f %19.2f%n", "wall time per step (profiled)", javaWallMs,
        pythonWallMs);
    System.out.printf(Locale.ROOT, "%-44s %18.0f%% %18.0f%%%n", "outside operators (share of wall)",
        100 * (1 - javaOps / javaWallMs), 100 * (1 - pyOps / pythonWallMs));
  }
}
