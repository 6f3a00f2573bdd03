package dev.sparse4j.runner;

import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.RunConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every configuration of a {@code sparse4j compare} shares (its command-line options), and what each becomes
 * as a {@code sparse4j train} run.
 *
 * @param model model name
 * @param width width multiplier
 * @param dataset dataset name, as resolved ({@code fashion-mnist})
 * @param sparsity sparsity of the sparse configurations
 * @param epochs epochs per configuration
 * @param seed the one seed
 * @param trainLimit training examples used, 0 = all
 * @param testLimit test examples used, 0 = all
 */
public record CompareSettings(String model, double width, String dataset, double sparsity, int epochs, long seed,
    int trainLimit, int testLimit) {

  /** The density of the sparse configurations, {@code 1 − sparsity} in decimal arithmetic. */
  public double density() {
    return BigDecimal.ONE.subtract(BigDecimal.valueOf(sparsity)).doubleValue();
  }

  /** The configuration {@code sparse4j train} would have for the variant's command line ({@link #trainCommand}). */
  public RunConfig config(CompareVariant v, String backendId) {
    Map<String, String> prunerOptions = new LinkedHashMap<>();
    if (v.pruner().equals(RandomPruner.NAME)) {
      prunerOptions.put("mode", RandomPruner.Mode.EXACT.optionValue());
    }
    // The train command's defaults: the paper's SGD schedule, no augmentation.
    return RunConfig.builder().backend(backendId).dataset(dataset).model(model).width(width)
        .allocator(v.allocator()).sparsity(v.dense() ? 0.0 : sparsity).pruner(v.pruner())
        .prunerOptions(prunerOptions).seed(seed).epochs(epochs).trainLimit(trainLimit).testLimit(testLimit).build();
  }

  /** The equivalent {@code sparse4j train} command line. */
  public String trainCommand(CompareVariant v, Path dir) {
    StringBuilder sb = new StringBuilder("sparse4j train --dataset " + dataset + " --model " + model
        + (width == 1 ? "" : " --width " + Format.number(width)) + " --allocator " + v.allocator());
    if (!v.dense()) {
      sb.append(" --sparsity ").append(Format.number(sparsity));
    }
    if (!v.pruner().equals(RandomPruner.NAME)) {
      sb.append(" --pruner ").append(v.pruner());
    }
    sb.append(" --epochs ").append(epochs).append(" --seed ").append(seed);
    if (trainLimit > 0) {
      sb.append(" --train-limit ").append(trainLimit);
    }
    if (testLimit > 0) {
      sb.append(" --test-limit ").append(testLimit);
    }
    return sb.append(" --out ").append(dir).toString();
  }
}
