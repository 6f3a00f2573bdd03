package dev.sparse4j.cli;

import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.runner.RunData;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.train.TopologyConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data set and the training hyper-parameters of a run (epochs, batch, learning rate and schedule, optimizer,
 * weight decay, augmentation, data limits, the schedule of dynamic sparse training): shared by {@code train} and {@code sweep} (mixin), so that a sweep cell
 * is exactly the {@code train} run with the same options.
 */
final class HyperparameterOptions {

  @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME",
      description = "fashion-mnist (OOD: MNIST digits), cifar10 or cifar100 (default: ${DEFAULT-VALUE}).")
  private String dataset;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = {"--batch-size", "--batch"}, defaultValue = "128", paramLabel = "N",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = "--lr", defaultValue = "0.1", paramLabel = "RATE",
      description = "Base learning rate (default: ${DEFAULT-VALUE}; try 0.001 with adam).")
  private double lr;

  @Option(names = "--schedule", defaultValue = "step", paramLabel = "NAME",
      description = "step (x0.1 at 50%% and 75%% of the epochs), cosine or constant (default: ${DEFAULT-VALUE}).")
  private String schedule;

  @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
      description = "sgd or adam (default: ${DEFAULT-VALUE}).")
  private String optimizer;

  @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  private double momentum;

  @Option(names = "--no-nesterov", description = "Plain instead of Nesterov momentum.")
  private boolean noNesterov;

  @Option(names = "--weight-decay", defaultValue = "5e-4", paramLabel = "WD",
      description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
  private double weightDecay;

  @Option(names = "--flip", description = "Random horizontal flips (off by default: Fashion-MNIST is not CIFAR).")
  private boolean flip;

  @Option(names = "--crop-padding", defaultValue = "0", paramLabel = "N",
      description = "Random crops after zero padding of N pixels; 0 = off (default: ${DEFAULT-VALUE}; the paper's"
          + " CIFAR setting is 4 with --flip).")
  private int cropPadding;

  @Option(names = "--train-limit", defaultValue = "0", paramLabel = "N",
      description = "Train on the first N training examples only; 0 = all (default: ${DEFAULT-VALUE}).")
  private int trainLimit;

  @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
      description = "Evaluate on the first N test examples only; 0 = all (default: ${DEFAULT-VALUE}).")
  private int testLimit;

  @Option(names = "--dst-interval", defaultValue = "100", paramLabel = "STEPS",
      description = "Dynamic sparse training: steps between topology updates, ΔT (default: ${DEFAULT-VALUE}).")
  private int dstInterval;

  @Option(names = "--dst-fraction", defaultValue = "0.3", paramLabel = "F",
      description = "Dynamic sparse training: drop fraction at the start, α, cosine-decayed to 0 at --dst-end "
          + "(default: ${DEFAULT-VALUE}).")
  private double dstFraction;

  @Option(names = "--dst-end", defaultValue = "0.75", paramLabel = "F",
      description = "Dynamic sparse training: no topology update after this fraction of all steps (default: "
          + "${DEFAULT-VALUE}).")
  private double dstEnd;

  @Option(names = "--dst-option", paramLabel = "KEY=VALUE",
      description = "Option of a plug-in topology updater (repeatable).")
  private Map<String, String> dstOptions = new LinkedHashMap<>();

  /**
   * {@code config} with dynamic sparse training by {@code dst} ({@code static}: none) on this schedule.
   *
   * @throws IllegalArgumentException for a dense run with an updater, or a bad schedule value
   */
  RunConfig withDst(RunConfig config, String dst) {
    if (dst == null || dst.equals(TopologyUpdater.STATIC)) {
      if (!dstOptions.isEmpty()) {
        throw new IllegalArgumentException("--dst-option needs --dst (set, rigl or a plug-in's)");
      }
      return config;
    }
    return config.withTopology(new TopologyConfig(dst, dstOptions, dstInterval, dstFraction, dstEnd));
  }

  /** A run of these hyper-parameters with the given model, allocation, pruner and seed. */
  RunConfig config(String backend, String model, double width, String allocator, Map<String, String> allocatorOptions,
      double sparsity, String pruner, Map<String, String> prunerOptions, long seed) {
    return config(backend, model, width, allocator, allocatorOptions, sparsity, pruner, prunerOptions, seed, epochs);
  }

  /** The same with another number of epochs (a sweep preset's). */
  RunConfig config(String backend, String model, double width, String allocator, Map<String, String> allocatorOptions,
      double sparsity, String pruner, Map<String, String> prunerOptions, long seed, int epochs) {
    return RunConfig.builder().backend(backend).dataset(RunData.info(dataset).name()).model(model).width(width)
        .allocator(allocator).allocatorOptions(allocatorOptions).sparsity(sparsity).pruner(pruner)
        .prunerOptions(prunerOptions).seed(seed).epochs(epochs).batchSize(batchSize).learningRate(lr)
        .schedule(schedule).optimizer(optimizer).weightDecay(weightDecay).momentum(momentum).nesterov(!noNesterov)
        .flip(flip).cropPadding(cropPadding).trainLimit(trainLimit).testLimit(testLimit).build();
  }

  /**
   * The pruner options with {@code --mask-mode} applied; the random pruner records {@code mode=exact} by default.
   *
   * @throws IllegalArgumentException if {@code --mask-mode} contradicts {@code --pruner-option mode=…}
   */
  static Map<String, String> prunerOptions(String pruner, Map<String, String> given, String maskMode) {
    Map<String, String> po = new LinkedHashMap<>(given);
    if (maskMode != null) {
      String mode = po.get("mode");
      if (mode != null && !mode.equals(maskMode)) {
        throw new IllegalArgumentException("--mask-mode " + maskMode + " contradicts --pruner-option mode=" + mode);
      }
      po.put("mode", maskMode);
    } else if (pruner.equals(RandomPruner.NAME) && !po.containsKey("mode")) {
      po.put("mode", RandomPruner.Mode.EXACT.optionValue());
    }
    return po;
  }

  /** The training epochs ({@code --epochs}). */
  int epochs() {
    return epochs;
  }

  /** The data set name as given ({@code --dataset}). */
  String dataset() {
    return dataset;
  }
}
