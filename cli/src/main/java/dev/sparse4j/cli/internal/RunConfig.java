package dev.sparse4j.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.Densities;
import dev.sparse4j.api.alloc.DenseAllocator;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.api.train.TrainingConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a training run (the experiment), as given on the command line. Two runs with equal
 * configurations train the same model the same way; options that only change where or how fast it runs (output
 * directory, data directory, threads, whether logits are saved) are not part of it.
 *
 * @param backend backend id, or {@code null} for the default selection (resolved before the run starts)
 * @param dataset dataset name ({@code fashion-mnist})
 * @param model model name ({@code resnet20})
 * @param width width multiplier
 * @param allocator density allocator name
 * @param allocatorOptions allocator options
 * @param sparsity target sparsity in [0, 1)
 * @param pruner pruner name
 * @param prunerOptions pruner options (for {@code random}: {@code mode})
 * @param seed seed of initialisation, masks, shuffles and augmentation
 * @param epochs epochs
 * @param batchSize batch size
 * @param learningRate base learning rate
 * @param schedule learning-rate schedule: step, cosine, constant
 * @param optimizer sgd or adam
 * @param weightDecay L2 weight decay
 * @param momentum SGD momentum
 * @param nesterov SGD Nesterov momentum
 * @param flip random horizontal flips
 * @param cropPadding random-crop padding, 0 = off
 * @param trainLimit training examples used, 0 = all
 * @param testLimit test examples used, 0 = all
 */
public record RunConfig(
    String backend,
    String dataset,
    String model,
    double width,
    String allocator,
    Map<String, String> allocatorOptions,
    double sparsity,
    String pruner,
    Map<String, String> prunerOptions,
    long seed,
    int epochs,
    int batchSize,
    double learningRate,
    String schedule,
    String optimizer,
    double weightDecay,
    double momentum,
    boolean nesterov,
    boolean flip,
    int cropPadding,
    int trainLimit,
    int testLimit) {

  /** Format name of {@code config.json}. */
  public static final String FORMAT = "sparse4j-run-config";

  /** Validates every value; messages name the option. */
  public RunConfig {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(pruner, "pruner");
    allocatorOptions = Collections.unmodifiableMap(new LinkedHashMap<>(allocatorOptions));
    prunerOptions = Collections.unmodifiableMap(new LinkedHashMap<>(prunerOptions));
    Densities.fromSparsity(sparsity);
    if (!(width > 0) || Double.isInfinite(width)) {
      throw new IllegalArgumentException("--width must be a finite number > 0, got " + width);
    }
    schedule = TrainingConfig.Schedule.parse(schedule).id();
    optimizer = optimizer.trim().toLowerCase(Locale.ROOT);
    if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
      throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; use sgd or adam");
    }
    if (optimizer.equals("sgd") && nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs --momentum > 0; add --no-nesterov for plain SGD");
    }
    // Builds and validates the optimizer and training settings now, so bad values fail before any work.
    trainingConfig(optimizerConfig(optimizer, momentum, nesterov, weightDecay), epochs, batchSize, learningRate,
        schedule, flip, cropPadding, seed, trainLimit, testLimit);
  }

  /**
   * The target density, {@code 1 − sparsity} in decimal arithmetic (so sparsity 0.9 gives exactly 0.1, not
   * 0.09999999999999998).
   */
  public double density() {
    Densities.fromSparsity(sparsity);
    return BigDecimal.ONE.subtract(BigDecimal.valueOf(sparsity)).doubleValue();
  }

  /** Whether this is a dense baseline (sparsity 0 or the {@code dense} allocator): no masks are installed. */
  public boolean dense() {
    return sparsity == 0.0 || allocator.equals(DenseAllocator.NAME);
  }

  /** The optimizer settings. */
  public OptimizerConfig optimizerConfig() {
    return optimizerConfig(optimizer, momentum, nesterov, weightDecay);
  }

  /** The trainer's configuration. */
  public TrainingConfig trainingConfig() {
    return trainingConfig(optimizerConfig(), epochs, batchSize, learningRate, schedule, flip, cropPadding, seed,
        trainLimit, testLimit);
  }

  /** The same configuration on backend {@code id}. */
  public RunConfig withBackend(String id) {
    return new RunConfig(id, dataset, model, width, allocator, allocatorOptions, sparsity, pruner, prunerOptions,
        seed, epochs, batchSize, learningRate, schedule, optimizer, weightDecay, momentum, nesterov, flip,
        cropPadding, trainLimit, testLimit);
  }

  private static OptimizerConfig optimizerConfig(String optimizer, double momentum, boolean nesterov, double wd) {
    return optimizer.equals("adam")
        ? OptimizerConfig.adam(wd)
        : new OptimizerConfig(OptimizerConfig.Kind.SGD, momentum, nesterov, wd, 0.9, 0.999, 1e-8);
  }

  private static TrainingConfig trainingConfig(OptimizerConfig opt, int epochs, int batchSize, double lr,
      String schedule, boolean flip, int cropPadding, long seed, int trainLimit, int testLimit) {
    return TrainingConfig.builder().epochs(epochs).batchSize(batchSize).learningRate(lr).optimizer(opt)
        .schedule(TrainingConfig.Schedule.parse(schedule)).horizontalFlip(flip).cropPadding(cropPadding).seed(seed)
        .trainLimit(trainLimit).testLimit(testLimit).build();
  }

  /** The configuration as JSON, every field, in declaration order. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    if (backend == null) {
      n.putNull("backend");
    } else {
      n.put("backend", backend);
    }
    n.put("dataset", dataset);
    n.put("model", model);
    n.put("width", width);
    n.put("allocator", allocator);
    ObjectNode ao = n.putObject("allocatorOptions");
    allocatorOptions.forEach(ao::put);
    n.put("sparsity", sparsity);
    n.put("density", density());
    n.put("pruner", pruner);
    ObjectNode po = n.putObject("prunerOptions");
    prunerOptions.forEach(po::put);
    n.put("seed", seed);
    n.put("epochs", epochs);
    n.put("batchSize", batchSize);
    n.put("lr", learningRate);
    n.put("schedule", schedule);
    n.put("optimizer", optimizer);
    n.put("weightDecay", weightDecay);
    n.put("momentum", momentum);
    n.put("nesterov", nesterov);
    n.put("flip", flip);
    n.put("cropPadding", cropPadding);
    n.put("trainLimit", trainLimit);
    n.put("testLimit", testLimit);
    return n;
  }

  /**
   * Reads {@link #toJson()} output (extra fields, such as the runtime options a report adds, are ignored).
   *
   * @throws IllegalArgumentException naming the missing or bad field
   */
  public static RunConfig fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the run configuration is not a JSON object");
    }
    return new RunConfig(
        n.hasNonNull("backend") ? text(n, "backend") : null,
        text(n, "dataset"), text(n, "model"), number(n, "width"), text(n, "allocator"), map(n, "allocatorOptions"),
        number(n, "sparsity"), text(n, "pruner"), map(n, "prunerOptions"), (long) integer(n, "seed"),
        (int) integer(n, "epochs"), (int) integer(n, "batchSize"), number(n, "lr"), text(n, "schedule"),
        text(n, "optimizer"), number(n, "weightDecay"), number(n, "momentum"), bool(n, "nesterov"), bool(n, "flip"),
        (int) integer(n, "cropPadding"), (int) integer(n, "trainLimit"), (int) integer(n, "testLimit"));
  }

  /** The configuration as strings, for {@link dev.sparse4j.api.provenance.RunProvenance}. */
  public Map<String, String> toStringMap() {
    Map<String, String> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = toJson().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String text;
      if (v.isObject()) {
        text = v.isEmpty() ? "" : Format.map(asMap(v));
      } else if (v.isNull()) {
        text = "";
      } else if (v.isFloatingPointNumber()) {
        text = Format.number(v.asDouble());
      } else {
        text = v.asText();
      }
      m.put(e.getKey(), text);
    }
    return m;
  }

  /** {@code field: this → other} for every field that differs, e.g. {@code epochs: 10 → 20}. */
  public List<String> differences(RunConfig other) {
    List<String> out = new ArrayList<>();
    ObjectNode a = toJson();
    ObjectNode b = other.toJson();
    Iterator<String> names = a.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!a.get(k).equals(b.get(k))) {
        out.add(k + ": " + a.get(k) + " → " + b.get(k));
      }
    }
    return out;
  }

  private static Map<String, String> asMap(JsonNode v) {
    Map<String, String> m = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static JsonNode field(JsonNode n, String k) {
    JsonNode v = n.get(k);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("the run configuration has no '" + k + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String k) {
    JsonNode v = field(n, k);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + k + "' of the run configuration should be text, got " + v);
    }
    return v.asText();
  }

  private static double number(JsonNode n, String k) {
    JsonNode v = field(n, k);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("'" + k + "' of the run configuration should be a number, got " + v);
    }
    return v.asDouble();
  }

  private static long integer(JsonNode n, String k) {
    JsonNode v = field(n, k);
    if (!v.isIntegralNumber()) {
      throw new IllegalArgumentException("'" + k + "' of the run configuration should be a whole number, got " + v);
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode n, String k) {
    JsonNode v = field(n, k);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("'" + k + "' of the run configuration should be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static Map<String, String> map(JsonNode n, String k) {
    JsonNode v = n.get(k);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("'" + k + "' of the run configuration should be an object, got " + v);
    }
    return asMap(v);
  }
}
