package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code compare.json}: the settings of a {@code sparse4j compare} and one row per configuration.
 *
 * @param format always {@link #FORMAT}
 * @param version always {@link #VERSION}
 * @param time when it was written (ISO-8601)
 * @param settings what every configuration shared
 * @param runs the configurations, in table order
 */
@JsonPropertyOrder({"format", "version", "time", "settings", "runs"})
public record CompareJson(String format, int version, String time, Settings settings, List<Run> runs) {
  /** Format name of {@code compare.json}. */
  public static final String FORMAT = "sparse4j-compare";
  /** The version this sparse4j writes. */
  public static final int VERSION = 1;

  /**
   * What every configuration shared.
   *
   * @param model model name
   * @param width width multiplier
   * @param dataset dataset name
   * @param sparsity sparsity of the sparse configurations
   * @param epochs epochs per configuration
   * @param seed the seed
   * @param trainLimit training examples used, 0 = all
   * @param testLimit test examples used, 0 = all
   * @param backend backend id
   * @param eval what the evaluation measured
   */
  @JsonPropertyOrder({"model", "width", "dataset", "sparsity", "epochs", "seed", "trainLimit", "testLimit", "backend",
      "eval"})
  public record Settings(String model, double width, String dataset, double sparsity, int epochs, long seed,
      int trainLimit, int testLimit, String backend, EvalSettingsJson eval) {}

  /**
   * One configuration.
   *
   * @param name its {@code --configs} name and subdirectory
   * @param title what it is
   * @param allocator density allocator
   * @param pruner pruner ({@code none} for the dense one)
   * @param dir its run directory
   * @param action what this compare did with it: {@code train}, {@code resume} or {@code skip}
   * @param command the equivalent {@code sparse4j train} command
   * @param density achieved density
   * @param accuracy test accuracy
   * @param ece expected calibration error
   * @param nll negative log-likelihood
   * @param auroc OOD AUROC per score
   * @param robustness accuracy under attack
   * @param trainSeconds training time summed over the epochs
   */
  @JsonPropertyOrder({"name", "title", "allocator", "pruner", "dir", "action", "command", "density", "accuracy", "ece",
      "nll", "auroc", "robustness", "trainSeconds"})
  public record Run(String name, String title, String allocator, String pruner, String dir, String action,
      String command, double density, double accuracy, double ece, double nll, Auroc auroc, Robustness robustness,
      double trainSeconds) {}

  /**
   * OOD AUROC of one configuration.
   *
   * @param set the OOD set; absent when there is none
   * @param msp with the maximum softmax probability
   * @param energy with the energy score
   * @param odin with ODIN
   */
  @JsonPropertyOrder({"set", "msp", "energy", "odin"})
  public record Auroc(@JsonInclude(JsonInclude.Include.NON_NULL) String set, double msp, double energy,
      double odin) {}

  /**
   * Accuracy under attack of one configuration.
   *
   * @param count examples attacked
   * @param fgsm FGSM per radius
   * @param pgd PGD-L∞ per radius (empty when off)
   */
  @JsonPropertyOrder({"count", "fgsm", "pgd"})
  public record Robustness(int count, List<Point> fgsm, List<Point> pgd) {}

  /**
   * Accuracy at one radius.
   *
   * @param eps the radius
   * @param label the radius as written on the command line
   * @param accuracy the accuracy
   */
  @JsonPropertyOrder({"eps", "label", "accuracy"})
  public record Point(double eps, String label, double accuracy) {}
}
