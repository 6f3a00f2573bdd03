package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sparse4j.api.Densities;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.train.TopologyConfig;
import dev.sparse4j.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * @param trainingConfig epochs, batch size, learning rate and schedule, optimizer, augmentation, seed, limits and
 *     dynamic sparse training (in JSON the {@code dst…} fields, present only for a dynamic run)
 */
@JsonPropertyOrder({"backend", "dataset", "model", "width", "allocator", "allocatorOptions", "sparsity", "density",
    "pruner", "prunerOptions", "seed", "epochs", "batchSize", "lr", "schedule", "optimizer", "weightDecay", "momentum",
    "nesterov", "flip", "cropPadding", "trainLimit", "testLimit", "dst", "dstOptions", "dstInterval", "dstFraction",
    "dstEnd"})
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
   * A configuration from JSON ({@code config.json}, the report's {@code config}): the builder's fields by their
   * command-line names, plus the {@code dst…} fields of a dynamic sparse run (absent for static training, as in
   * files written before dynamic sparse training existed).
   */
  @JsonCreator
  static RunConfig fromJson(
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
      @JsonProperty(value = "testLimit", required = true) int testLimit,
      @JsonProperty("dst") String dst,
      @JsonProperty("dstOptions") Map<String, String> dstOptions,
      @JsonProperty("dstInterval") Integer dstInterval,
      @JsonProperty("dstFraction") Double dstFraction,
      @JsonProperty("dstEnd") Double dstEnd) {
    TopologyConfig topology = dst == null || dst.equals(TopologyUpdater.STATIC) ? null
        : new TopologyConfig(dst, dstOptions,
            dstInterval == null ? TopologyConfig.DEFAULT_INTERVAL : dstInterval,
            dstFraction == null || dstFraction.isNaN() ? TopologyConfig.DEFAULT_FRACTION : dstFraction,
            dstEnd == null || dstEnd.isNaN() ? TopologyConfig.DEFAULT_END : dstEnd);
    return builder().backend(backend).dataset(dataset).model(model).width(width).allocator(allocator)
        .allocatorOptions(allocatorOptions).sparsity(sparsity).pruner(pruner).prunerOptions(prunerOptions).seed(seed)
        .epochs(epochs).batchSize(batchSize).learningRate(learningRate).schedule(schedule).optimizer(optimizer)
        .weightDecay(weightDecay).momentum(momentum).nesterov(nesterov).flip(flip).cropPadding(cropPadding)
        .trainLimit(trainLimit).testLimit(testLimit).topology(topology).build();
  }

  /**
   * A builder with the command line's defaults: {@code resnet20} on {@code fashion-mnist}, width 1, ERK at sparsity
   * 0.9 with the random pruner ({@code mode=exact}), seed 0, 10 epochs of batch 128, lr 0.1 with the step schedule,
   * SGD with Nesterov momentum 0.9 and weight decay 5e-4, no augmentation, all data, static sparse training.
   *
   * <pre>{@code
   * RunConfig c = RunConfig.builder().model("mlp").sparsity(0.95).epochs(5).topology(TopologyConfig.of("rigl"))
   *     .build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RunConfig}; {@link #build()} checks every value, naming the option. */
  public static final class Builder {
    private String backend;
    private String dataset = "fashion-mnist";
    private String model = "resnet20";
    private double width = 1;
    private String allocator = "erk";
    private Map<String, String> allocatorOptions = Map.of();
    private double sparsity = 0.9;
    private String pruner = "random";
    private Map<String, String> prunerOptions = Map.of("mode", "exact");
    private long seed;
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 0.1;
    private String schedule = "step";
    private String optimizer = "sgd";
    private double weightDecay = 5e-4;
    private double momentum = 0.9;
    private boolean nesterov = true;
    private boolean flip;
    private int cropPadding;
    private int trainLimit;
    private int testLimit;
    private TopologyConfig topology;

    private Builder() {}

    /** Backend id, or {@code null} for the default selection. */
    public Builder backend(String backend) {
      this.backend = backend;
      return this;
    }

    /** Dataset name. */
    public Builder dataset(String dataset) {
      this.dataset = dataset;
      return this;
    }

    /** Zoo model name. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Width multiplier. */
    public Builder width(double width) {
      this.width = width;
      return this;
    }

    /** Density allocator name. */
    public Builder allocator(String allocator) {
      this.allocator = allocator;
      return this;
    }

    /** Allocator options. */
    public Builder allocatorOptions(Map<String, String> allocatorOptions) {
      this.allocatorOptions = allocatorOptions;
      return this;
    }

    /** Target sparsity in [0, 1); 0 is a dense run. */
    public Builder sparsity(double sparsity) {
      this.sparsity = sparsity;
      return this;
    }

    /** Pruner name. */
    public Builder pruner(String pruner) {
      this.pruner = pruner;
      return this;
    }

    /** Pruner options. */
    public Builder prunerOptions(Map<String, String> prunerOptions) {
      this.prunerOptions = prunerOptions;
      return this;
    }

    /** Seed of initialisation, masks, shuffles and augmentation. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Epochs. */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Batch size. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Base learning rate. */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** {@code step}, {@code cosine} or {@code constant}. */
    public Builder schedule(String schedule) {
      this.schedule = schedule;
      return this;
    }

    /** {@code sgd} or {@code adam}; Adam ignores momentum and Nesterov. */
    public Builder optimizer(String optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** L2 weight decay. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** SGD momentum. */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** SGD Nesterov momentum. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** Random horizontal flips. */
    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    /** Random-crop padding, 0 = off. */
    public Builder cropPadding(int cropPadding) {
      this.cropPadding = cropPadding;
      return this;
    }

    /** Training examples used, 0 = all. */
    public Builder trainLimit(int trainLimit) {
      this.trainLimit = trainLimit;
      return this;
    }

    /** Test examples used, 0 = all. */
    public Builder testLimit(int testLimit) {
      this.testLimit = testLimit;
      return this;
    }

    /** Dynamic sparse training, or {@code null} for static (the default). */
    public Builder topology(TopologyConfig topology) {
      this.topology = topology;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the option with a bad value
     */
    public RunConfig build() {
      Objects.requireNonNull(optimizer, "optimizer");
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
      TrainingConfig training = TrainingConfig.builder().epochs(epochs).batchSize(batchSize)
          .learningRate(learningRate).optimizer(o).schedule(TrainingConfig.Schedule.parse(schedule))
          .horizontalFlip(flip).cropPadding(cropPadding).seed(seed).trainLimit(trainLimit).testLimit(testLimit)
          .build();
      return new RunConfig(backend, dataset, model, width, allocator, allocatorOptions, sparsity, pruner,
          prunerOptions, training).withTopology(topology);
    }
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

  /** The dynamic sparse training updater ({@code --dst}), or {@code null} for static sparse training. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String dst() {
    return topology() == null ? null : topology().updater();
  }

  /** The updater's options ({@code --dst-option}); absent for static training. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public Map<String, String> dstOptions() {
    return topology() == null ? Map.of() : topology().options();
  }

  /** Steps between topology updates ({@code --dst-interval}); absent for static training. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Integer dstInterval() {
    return topology() == null ? null : topology().interval();
  }

  /** The initial drop fraction ({@code --dst-fraction}); absent for static training. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Double dstFraction() {
    return topology() == null ? null : topology().fraction();
  }

  /** When topology updates stop, as a fraction of all steps ({@code --dst-end}); absent for static training. */
  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Double dstEnd() {
    return topology() == null ? null : topology().end();
  }

  /** Dynamic sparse training settings, or {@code null} for static sparse training. */
  public TopologyConfig topology() {
    return trainingConfig.topology();
  }

  /** {@code static}, or the name of the topology updater. */
  public String dstName() {
    return topology() == null ? TopologyUpdater.STATIC : topology().updater();
  }

  /**
   * The same run with dynamic sparse training {@code topology} ({@code null}: static).
   *
   * @throws IllegalArgumentException for a dense run, which has no topology to update
   */
  public RunConfig withTopology(TopologyConfig topology) {
    if (topology != null && dense()) {
      throw new IllegalArgumentException("--dst " + topology.updater() + " needs a sparse run (--sparsity > 0 and "
          + "an allocator other than dense); a dense network has no topology to update");
    }
    return new RunConfig(backend, dataset, model, width, allocator, allocatorOptions, sparsity, pruner, prunerOptions,
        trainingConfig.toBuilder().topology(topology).build());
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
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet()); // the dst fields exist only for a dynamic run
    for (String k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.add(k + ": " + Json.compact(a.get(k)) + " → " + Json.compact(b.get(k)));
      }
    }
    return out;
  }

  private static Map<String, String> asStrings(Map<?, ?> map) {
    Map<String, String> m = new LinkedHashMap<>();
    map.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
    return m;
  }
}
