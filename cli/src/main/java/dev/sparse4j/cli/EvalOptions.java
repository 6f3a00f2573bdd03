package dev.sparse4j.cli;

import dev.sparse4j.metrics.ModelEvaluator;
import dev.sparse4j.runner.EvalSettings;
import picocli.CommandLine.Option;

/** The evaluation options shared by {@code train}, {@code eval} and {@code compare} (a picocli mixin). */
final class EvalOptions {

  @Option(names = "--eval-batch-size", defaultValue = "" + ModelEvaluator.DEFAULT_BATCH_SIZE, paramLabel = "N",
      description = "Examples per forward pass in the final evaluation (default: ${DEFAULT-VALUE}).")
  int evalBatchSize;

  @Option(names = "--no-robustness",
      description = "Skip the adversarial robustness evaluation (FGSM and PGD-L∞ accuracy).")
  boolean noRobustness;

  @Option(names = "--robustness-examples", defaultValue = "" + EvalSettings.DEFAULT_ROBUSTNESS_EXAMPLES,
      paramLabel = "N|all",
      description = "Attack the first N test examples, or all (default: ${DEFAULT-VALUE}; PGD costs 10 input"
          + " gradients per example and radius).")
  String robustnessExamples;

  @Option(names = "--eps", defaultValue = EvalSettings.DEFAULT_EPS, paramLabel = "LIST",
      description = "Attack radii in [0, 1] pixel units, comma-separated decimals or fractions (default:"
          + " ${DEFAULT-VALUE}).")
  String eps;

  @Option(names = "--pgd-steps", defaultValue = "" + EvalSettings.DEFAULT_PGD_STEPS, paramLabel = "N",
      description = "PGD-L∞ steps of α = ε/4 from a random start (default: ${DEFAULT-VALUE}).")
  int pgdSteps;

  @Option(names = "--pgd-l2-eps", paramLabel = "LIST",
      description = "Also run PGD-L2 at these radii (per-example L2 norm of the perturbation in [0, 1] pixel units,"
          + " e.g. 0.5,1,2; --pgd-steps steps of α = ε/4 from a random start). Off by default.")
  String l2Eps;

  @Option(names = "--no-odin",
      description = "Skip the ODIN OOD score (T = 1000, ε = 0.0014: one input gradient and two forward passes per"
          + " test and OOD example).")
  boolean noOdin;

  /**
   * The settings.
   *
   * @throws IllegalArgumentException for a bad value, naming the option
   */
  EvalSettings settings() {
    return new EvalSettings(evalBatchSize, !noRobustness, EvalSettings.parseExamples(robustnessExamples),
        EvalSettings.parseEps(eps), true, pgdSteps, !noOdin, EvalSettings.parseL2Eps(l2Eps));
  }
}
