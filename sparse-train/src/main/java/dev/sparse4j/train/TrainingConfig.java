package dev.sparse4j.train;

import dev.sparse4j.api.spi.OptimizerConfig;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * How to train: epochs, batch size, learning rate and its schedule, optimizer, data augmentation, seed, and
 * optionally dynamic sparse training ({@link TopologyConfig}). The
 * defaults ({@link #defaults()}, {@link #builder()}) are the paper's CIFAR settings: 160 epochs, batch 128, lr 0.1,
 * SGD with Nesterov momentum 0.9 and weight decay 5e-4, step decay ×0.1 at 50 % and 75 % of the epochs, random crop
 * with 4 pixels of zero padding and random horizontal flips. Switch augmentation off for flat (non-image) inputs.
 *
 * @param epochs number of passes over the training set, ≥ 1
 * @param batchSize examples per optimizer step, ≥ 1 (the last, partial batch of an epoch is kept)
 * @param learningRate base learning rate, finite and &gt; 0
 * @param optimizer the optimizer
 * @param schedule how the learning rate changes from epoch to epoch
 * @param horizontalFlip flip each training image left–right with probability ½
 * @param cropPadding random crop after zero padding of this many pixels on every side
 *     ({@code torchvision RandomCrop(size, padding)}); 0 = off
 * @param seed seed of the per-epoch shuffles and of the augmentation
 * @param trainLimit use only the first this-many training examples (quick runs); 0 = all
 * @param testLimit evaluate on only the first this-many test examples; 0 = all
 * @param topology dynamic sparse training (SET, RigL), or {@code null} for static sparse training (the default)
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    double learningRate,
    OptimizerConfig optimizer,
    Schedule schedule,
    boolean horizontalFlip,
    int cropPadding,
    long seed,
    int trainLimit,
    int testLimit,
    @JsonInclude(JsonInclude.Include.NON_NULL) TopologyConfig topology) {

  /** Learning-rate schedule families; see {@link TrainingConfig#learningRateSchedule()}. */
  public enum Schedule {
    /** ×0.1 at 50 % and 75 % of the epochs ({@link LearningRateSchedule#paperStep(double, int)}). */
    STEP,
    /** Cosine annealing to 0 over the epochs, stepped per epoch ({@link LearningRateSchedule#cosine}). */
    COSINE,
    /** The base rate throughout. */
    CONSTANT;

    /**
     * Parses {@code step}, {@code cosine} or {@code constant} (any case).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    @JsonCreator
    public static Schedule parse(String name) {
      Objects.requireNonNull(name, "schedule name");
      for (Schedule s : values()) {
        if (s.name().equalsIgnoreCase(name.trim())) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown learning-rate schedule '" + name + "'; use one of step, cosine, constant");
    }

    /** The lower-case name used in files and on the command line. */
    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates every field; messages name the field, the rule and the value. */
  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer is required (e.g. OptimizerConfig.paperSgd())");
    }
    if (schedule == null) {
      throw new IllegalArgumentException("learning-rate schedule is required (step, cosine or constant)");
    }
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must be ≥ 0 pixels (0 turns random crops off), got "
          + cropPadding);
    }
    if (trainLimit < 0) {
      throw new IllegalArgumentException("train limit must be ≥ 0 examples (0 = all), got " + trainLimit);
    }
    if (testLimit < 0) {
      throw new IllegalArgumentException("test limit must be ≥ 0 examples (0 = all), got " + testLimit);
    }
  }

  /** The paper's CIFAR defaults (see the class comment). */
  public static TrainingConfig defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the paper's CIFAR defaults. Mind them for anything else: <b>160 epochs with random crops
   * and flips</b>. For a short run, or for flat inputs (an MLP), set both, as the CLI does by default:
   * {@code TrainingConfig.builder().epochs(5).noAugmentation().build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.optimizer = optimizer;
    b.schedule = schedule;
    b.horizontalFlip = horizontalFlip;
    b.cropPadding = cropPadding;
    b.seed = seed;
    b.trainLimit = trainLimit;
    b.testLimit = testLimit;
    b.topology = topology;
    return b;
  }

  /** The learning rate per epoch that {@link #schedule()} gives for these epochs and this base rate. */
  public LearningRateSchedule learningRateSchedule() {
    return switch (schedule) {
      case STEP -> LearningRateSchedule.paperStep(learningRate, epochs);
      case COSINE -> LearningRateSchedule.cosine(learningRate, epochs, 0.0);
      case CONSTANT -> LearningRateSchedule.constant(learningRate);
    };
  }

  /** Whether any augmentation is switched on. */
  public boolean augments() {
    return horizontalFlip || cropPadding > 0;
  }

  /** Builds a {@link TrainingConfig}; every field starts at the paper's CIFAR default. */
  public static final class Builder {
    private int epochs = 160;
    private int batchSize = 128;
    private double learningRate = 0.1;
    private OptimizerConfig optimizer = OptimizerConfig.paperSgd();
    private Schedule schedule = Schedule.STEP;
    private boolean horizontalFlip = true;
    private int cropPadding = 4;
    private long seed = 0;
    private int trainLimit = 0;
    private int testLimit = 0;
    private TopologyConfig topology;

    private Builder() {}

    /** Number of epochs (default 160). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Batch size (default 128). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Base learning rate (default 0.1). */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Optimizer (default {@link OptimizerConfig#paperSgd()}). */
    public Builder optimizer(OptimizerConfig optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Learning-rate schedule (default {@link Schedule#STEP}). */
    public Builder schedule(Schedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Random horizontal flips (default on). */
    public Builder horizontalFlip(boolean horizontalFlip) {
      this.horizontalFlip = horizontalFlip;
      return this;
    }

    /** Zero padding of the random crop in pixels, 0 = off (default 4). */
    public Builder cropPadding(int cropPadding) {
      this.cropPadding = cropPadding;
      return this;
    }

    /** Turns all augmentation off (for flat inputs or evaluation-style runs). */
    public Builder noAugmentation() {
      this.horizontalFlip = false;
      this.cropPadding = 0;
      return this;
    }

    /** Seed of shuffles and augmentation (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Use only the first {@code n} training examples; 0 = all (default). */
    public Builder trainLimit(int n) {
      this.trainLimit = n;
      return this;
    }

    /** Evaluate on only the first {@code n} test examples; 0 = all (default). */
    public Builder testLimit(int n) {
      this.testLimit = n;
      return this;
    }

    /** Dynamic sparse training (default {@code null}: the mask stays as pruned at initialisation). */
    public Builder topology(TopologyConfig topology) {
      this.topology = topology;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public TrainingConfig build() {
      return new TrainingConfig(epochs, batchSize, learningRate, optimizer, schedule, horizontalFlip, cropPadding,
          seed, trainLimit, testLimit, topology);
    }
  }
}
