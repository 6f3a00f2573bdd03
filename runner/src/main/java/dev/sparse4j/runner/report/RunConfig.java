package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sparse4j.api.Densities;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a training run (the experiment), as given on the command line. Two runs with equal
 * configurations train the same model the same way; options that only change where or how fast it runs (output
 * directory, data directory, threads, whether logits are saved) are not part of it. The training settings are the
 * trainer's own {@link TrainingConfig}; in JSON ({@code config.json}, the report's {@code config}) they are flat
 * fields beside the model and pruning settings, named as the command-line options.
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
 * @param trainingConfig epochs, batch size, learning rate and schedule, optimizer, augmentation, seed, limits
 */
@JsonPropertyOrder({"backend", "dataset", "model", "width", "allocator", "allocatorOptions", "sparsity", "density",
    "pruner", "prunerOptions", "seed", "epochs", "batchSize", "lr", "schedule", "optimizer", "weightDecay", "momentum",
    "nesterov", "flip", "cropPadding", "trainLimit", "testLimit"})
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
    @JsonIgnore TrainingConfig trainingConfig) {

  /** Format name of {@code config.json}. */
  public static final String FORMAT = ConfigJson.FORMAT;

  /** Validates every value; messages name the option. */
  public RunConfig {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(pruner, "pruner");
    Objects.requireNonNull(trainingConfig, "training configuration");
    allocatorOptions = Collections.unmodifiableMap(new LinkedHashMap<>(allocatorOptions == null ? Map.of()
        : allocatorOptions));
    prunerOptions = Collections.unmodifiableMap(new LinkedHashMap<>(prunerOptions == null ? Map.of()
        : prunerOptions));
    Densities.fromSparsity(sparsity);
    if (!(width > 0) || Double.isInfinite(width)) {
      throw new IllegalArgumentException("--width must be a finite number > 0, got " + width);
    }
  }

  /**
   * A configuration from the command line's values (and from JSON, whose fields have the same names).
   *
   * @param optimizer {@code sgd} or {@code adam}; Adam ignores {@code momentum} and {@code nesterov}
   * @throws IllegalArgumentException naming the option with a bad value
   */
  @JsonCreator
  public static RunConfig of(
      @JsonProperty("backend") String backend,
      @JsonProperty(value = "dataset", required = true) String dataset,
      @JsonProperty(value = "model", required = true) String model,
      @JsonProperty(value = "width", required = true) double width,
      @JsonProperty(value = "allocator", required = true) String allocator,
      @JsonProperty("allocatorOptions") Map<String, String> allocatorOptions,
      @JsonProperty(value = "sparsity", required = true) double sparsity,
      @JsonProperty(value = "pruner", required = true) String pruner,
      @JsonProperty("prunerOptions") Map<String, String> prunerOptions,
      @JsonProperty(value = "seed", required = true) long seed,
      @JsonProperty(value = "epochs", required = true) int epochs,
      @JsonProperty(value = "batchSize", required = true) int batchSize,
      @JsonProperty(value = "lr", required = true) double learningRate,
      @JsonProperty(value = "schedule", required = true) String schedule,
      @JsonProperty(value = "optimizer", required = true) String optimizer,
      @JsonProperty(value = "weightDecay", required = true) double weightDecay,
      @JsonProperty(value = "momentum", required = true) double momentum,
      @JsonProperty(value = "nesterov", required = true) boolean nesterov,
      @JsonProperty(value = "flip", required = true) boolean flip,
      @JsonProperty(value = "cropPadding", required = true) int cropPadding,
      @JsonProperty(value = "trainLimit", required = true) int trainLimit,
      @JsonProperty(value = "testLimit", required = true) int testLimit) {
    String opt = optimizer.trim().toLowerCase(Locale.ROOT);
    if (!opt.equals("sgd") && !opt.equals("adam")) {
      throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; use sgd or adam");
    }
    if (opt.equals("sgd") && nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs --momentum > 0; add --no-nesterov for plain SGD");
    }
    OptimizerConfig o = opt.equals("adam")
        ? OptimizerConfig.adam(weightDecay)
        : new OptimizerConfig(OptimizerConfig.Kind.SGD, momentum, nesterov, weightDecay, 0.9, 0.999, 1e-8);
    TrainingConfig training = TrainingConfig.builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate)
        .optimizer(o).schedule(TrainingConfig.Schedule.parse(schedule)).horizontalFlip(flip).cropPadding(cropPadding)
        .seed(seed).trainLimit(trainLimit).testLimit(testLimit).build();
    return new RunConfig(backend, dataset, model, width, allocator, allocatorOptions, sparsity, pruner,
        prunerOptions, training);
  }

  /** Seed of initialisation, masks, shuffles and augmentation. */
  @JsonProperty
  public long seed() {
    return trainingConfig.seed();
  }

  /** Epochs. */
  @JsonProperty
  public int epochs() {
    return trainingConfig.epochs();
  }

  /** Batch size. */
  @JsonProperty
  public int batchSize() {
    return trainingConfig.batchSize();
  }

  /** Base learning rate. */
  @JsonProperty("lr")
  public double learningRate() {
    return trainingConfig.learningRate();
  }

  /** Learning-rate schedule: {@code step}, {@code cosine} or {@code constant}. */
  @JsonProperty
  public String schedule() {
    return trainingConfig.schedule().id();
  }

  /** {@code sgd} or {@code adam}. */
  @JsonProperty
  public String optimizer() {
    return trainingConfig.optimizer().kind().name().toLowerCase(Locale.ROOT);
  }

  /** L2 weight decay. */
  @JsonProperty
  public double weightDecay() {
    return trainingConfig.optimizer().weightDecay();
  }

  /** SGD momentum (0 for Adam). */
  @JsonProperty
  public double momentum() {
    return trainingConfig.optimizer().momentum();
  }

  /** SGD Nesterov momentum (false for Adam). */
  @JsonProperty
  public boolean nesterov() {
    return trainingConfig.optimizer().nesterov();
  }

  /** Random horizontal flips. */
  @JsonProperty
  public boolean flip() {
    return trainingConfig.horizontalFlip();
  }

  /** Random-crop padding, 0 = off. */
  @JsonProperty
  public int cropPadding() {
    return trainingConfig.cropPadding();
  }

  /** Training examples used, 0 = all. */
  @JsonProperty
  public int trainLimit() {
    return trainingConfig.trainLimit();
  }

  /** Test examples used, 0 = all. */
  @JsonProperty
  public int testLimit() {
    return trainingConfig.testLimit();
  }

  /**
   * The target density, {@code 1 − sparsity} in decimal arithmetic (so sparsity 0.9 gives exactly 0.1, not
   * 0.09999999999999998).
   */
  @JsonProperty
  public double density() {
    return Densities.fromSparsity(sparsity); // the library's one conversion
  }

  /** Whether this is a dense baseline (sparsity 0 or the {@code dense} allocator): no masks are installed. */
  public boolean dense() {
    return isDense(allocator, sparsity);
  }

  /**
   * The one rule for "is this run dense", also for a configuration not yet built (a sweep cell): sparsity 0 or the
   * {@code dense} allocator. A dense run has no masks and records no allocator or pruner options.
   */
  public static boolean isDense(String allocator, double sparsity) {
    return sparsity == 0.0 || DenseAllocator.NAME.equals(allocator);
  }

  /** The same configuration on backend {@code id}. */
  public RunConfig withBackend(String id) {
    return new RunConfig(id, dataset, model, width, allocator, allocatorOptions, sparsity, pruner, prunerOptions,
        trainingConfig);
  }

  /** The configuration as strings, for {@link dev.sparse4j.io.RunProvenance}. */
  public Map<String, String> toStringMap() {
    Map<String, String> m = new LinkedHashMap<>();
    Json.fields(this).forEach((k, v) -> {
      String text;
      if (v instanceof Map<?, ?> map) {
        text = map.isEmpty() ? "" : Format.map(asStrings(map));
      } else if (v == null) {
        text = "";
      } else if (v instanceof Double d) {
        text = Format.number(d);
      } else {
        text = v.toString();
      }
      m.put(k, text);
    });
    return m;
  }

  /** {@code field: this → other} for every field that differs, e.g. {@code epochs: 10 → 20}. */
  public List<String> differences(RunConfig other) {
    List<String> out = new ArrayList<>();
    Map<String, Object> a = Json.fields(this);
    Map<String, Object> b = Json.fields(other);
    a.forEach((k, v) -> {
      if (!Objects.equals(v, b.get(k))) {
        out.add(k + ": " + Json.compact(v) + " → " + Json.compact(b.get(k)));
      }
    });
    return out;
  }

  private static Map<String, String> asStrings(Map<?, ?> map) {
    Map<String, String> m = new LinkedHashMap<>();
    map.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
    return m;
  }
}
