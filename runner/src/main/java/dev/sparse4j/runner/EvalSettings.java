package dev.sparse4j.runner;

import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.metrics.Odin;
import dev.sparse4j.metrics.robustness.RobustnessEvaluator;
import dev.sparse4j.runner.report.EvalSettingsJson;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.MetricsJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

/**
 * What the final evaluation of a run measures besides accuracy, calibration and the logit OOD scores: adversarial
 * robustness (FGSM and PGD-L∞ at a list of radii on the first test examples) and ODIN. These settings do not change
 * the trained model, so they are not part of {@link RunConfig}.
 *
 * @param batchSize examples per forward pass of the plain evaluation
 * @param robustness whether FGSM and PGD are run
 * @param robustnessExamples how many test examples (from the first) are attacked; {@link #ALL} for all
 * @param eps the attack radii ε in [0, 1] pixel units, in order
 * @param pgd whether PGD runs next to FGSM (the demo runs FGSM only)
 * @param pgdSteps PGD steps (α = ε/4)
 * @param odin whether the ODIN score (T = 1000, ε = 0.0014) is computed next to msp, maxLogit and energy
 * @param l2Eps PGD-L2 radii (per-example ‖δ‖₂ in [0, 1] pixel units), in order; empty = no PGD-L2 (the default)
 */
public record EvalSettings(int batchSize, boolean robustness, int robustnessExamples, List<Epsilon> eps, boolean pgd,
    int pgdSteps, boolean odin, List<Double> l2Eps) {

  /** {@code robustnessExamples} meaning the whole test set. */
  public static final int ALL = RobustnessEvaluator.ALL_EXAMPLES;
  /** Default number of attacked test examples. */
  public static final int DEFAULT_ROBUSTNESS_EXAMPLES = RobustnessEvaluator.DEFAULT_EXAMPLES;
  /** Default radii: the CIFAR standard 8/255 and the MNIST-like 0.1. */
  public static final String DEFAULT_EPS = "8/255,0.1";
  /** Default PGD steps. */
  public static final int DEFAULT_PGD_STEPS = 10;
  /** PGD step size as a fraction of ε (2/255 at 8/255, docs/metrics.md). */
  public static final double PGD_ALPHA_FRACTION = 0.25;
  /** Report key of the PGD-L2 curve. */
  public static final String PGD_L2 = "pgd-l2";
  /** Examples per attack or ODIN batch (one input gradient per batch). */
  public static final int ATTACK_BATCH_SIZE = RobustnessEvaluator.DEFAULT_BATCH_SIZE;

  /**
   * An attack radius as the user wrote it and its value.
   *
   * @param label e.g. {@code 8/255} or {@code 0.1}
   * @param value the radius in [0, 1]
   */
  public record Epsilon(String label, double value) {
    /** Checks the value. */
    public Epsilon {
      Objects.requireNonNull(label, "label");
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("--eps: every radius must be in [0, 1] (pixel units), got " + label);
      }
    }

    /** {@code k/255} when the value is a whole number of 255ths (as the paper writes them), else the decimal. */
    public static Epsilon of(double value) {
      double k = value * 255;
      if (value > 0 && Math.abs(k - Math.rint(k)) < 1e-9 && Math.rint(k) != 255) {
        return new Epsilon((long) Math.rint(k) + "/255", value);
      }
      return new Epsilon(Format.number(value), value);
    }

    /** Whether {@code v} is this radius (up to the rounding of the value written to JSON). */
    public boolean matches(double v) {
      return MetricsJson.sameRadius(v, value);
    }
  }

  /** Validates the values and copies the list. */
  public EvalSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--eval-batch-size must be ≥ 1, got " + batchSize);
    }
    if (robustnessExamples < 1) {
      throw new IllegalArgumentException("--robustness-examples must be ≥ 1 or 'all', got " + robustnessExamples);
    }
    if (pgdSteps < 1) {
      throw new IllegalArgumentException("--pgd-steps must be ≥ 1, got " + pgdSteps);
    }
    eps = List.copyOf(eps);
    if (robustness && eps.isEmpty()) {
      throw new IllegalArgumentException("--eps needs at least one radius, e.g. --eps 8/255,0.1");
    }
    l2Eps = List.copyOf(l2Eps);
    if (!robustness && !l2Eps.isEmpty()) {
      throw new IllegalArgumentException("--pgd-l2-eps asks for an attack but --no-robustness turns attacks off; drop"
          + " one of them");
    }
  }

  /** Settings without PGD-L2. */
  public EvalSettings(int batchSize, boolean robustness, int robustnessExamples, List<Epsilon> eps, boolean pgd,
      int pgdSteps, boolean odin) {
    this(batchSize, robustness, robustnessExamples, eps, pgd, pgdSteps, odin, List.of());
  }

  /** Robustness on the first 2,000 test examples at ε = 8/255 and 0.1, PGD with 10 steps, and ODIN. */
  public static EvalSettings defaults(int batchSize) {
    return new EvalSettings(batchSize, true, DEFAULT_ROBUSTNESS_EXAMPLES, parseEps(DEFAULT_EPS), true,
        DEFAULT_PGD_STEPS, true);
  }

  /** Plain evaluation only: no attacks, no ODIN. */
  public static EvalSettings plain(int batchSize) {
    return new EvalSettings(batchSize, false, DEFAULT_ROBUSTNESS_EXAMPLES, parseEps(DEFAULT_EPS), false,
        DEFAULT_PGD_STEPS, false);
  }

  /**
   * Parses an ε list such as {@code 8/255,0.1}: comma-separated decimals or fractions {@code a/b}, each in [0, 1].
   *
   * @throws IllegalArgumentException naming the bad entry and the expected form
   */
  public static List<Epsilon> parseEps(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("--eps needs at least one radius, e.g. --eps 8/255,0.1");
    }
    return parseRadii("--eps", text, "8/255,0.1", "[0, 1] pixel units like 8/255 or 0.1", (t, v) -> {
      if (v > 1) {
        throw new IllegalArgumentException("--eps entry '" + t + "' is above 1; radii are in [0, 1] pixel units "
            + "(write 8/255, not 8)");
      }
      return new Epsilon(t, v);
    }, Epsilon::value);
  }

  /**
   * Parses a PGD-L2 radius list such as {@code 0.5,1,2}: comma-separated decimals or fractions, each ≥ 0 (an L2
   * radius may exceed 1: it is the norm of the whole perturbation); empty or {@code null} = none.
   *
   * @throws IllegalArgumentException naming the bad entry and the expected form
   */
  public static List<Double> parseL2Eps(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return parseRadii("--pgd-l2-eps", text, "0.5,1,2", "L2 norms of the perturbation like 0.5 or 2",
        (t, v) -> v, Double::doubleValue);
  }

  /**
   * Parses the comma-separated radii of {@code option}: each entry through {@link #parseRadius}, then {@code entry}
   * (further checks, the element), then a check that no radius comes twice.
   */
  private static <T> List<T> parseRadii(String option, String text, String example, String form,
      BiFunction<String, Double, T> entry, ToDoubleFunction<T> value) {
    List<T> out = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String t = raw.trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(option + " '" + text + "' has an empty entry; give radii separated by"
            + " commas, e.g. " + example);
      }
      double v = parseRadius(option, t, form);
      T e = entry.apply(t, v);
      for (T seen : out) {
        if (MetricsJson.sameRadius(v, value.applyAsDouble(seen))) {
          throw new IllegalArgumentException(option + " lists the radius " + t + " twice");
        }
      }
      out.add(e);
    }
    return List.copyOf(out);
  }


  /** One radius: a finite decimal or fraction {@code a/b}, ≥ 0; {@code form} says in the error what to write. */
  private static double parseRadius(String option, String t, String form) {
    double v;
    int slash = t.indexOf('/');
    try {
      if (slash >= 0) {
        BigDecimal num = new BigDecimal(t.substring(0, slash).trim());
        BigDecimal den = new BigDecimal(t.substring(slash + 1).trim());
        if (den.signum() == 0) {
          throw new IllegalArgumentException(option + " entry '" + t + "' divides by zero");
        }
        v = num.doubleValue() / den.doubleValue();
      } else {
        v = new BigDecimal(t).doubleValue();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " entry '" + t + "' is not a number or a fraction; write radii in "
          + form + ", separated by commas");
    }
    if (v < 0) {
      throw new IllegalArgumentException(option + " entry '" + t + "' is negative; an attack radius must be ≥ 0");
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(option + " entry '" + t + "' is not finite");
    }
    return v;
  }

  /**
   * Parses {@code --robustness-examples}: a whole number ≥ 1, or {@code all}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int parseExamples(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("all")) {
      return ALL;
    }
    try {
      int n = Integer.parseInt(t.replace("_", "").replace(",", ""));
      if (n < 1) {
        throw new IllegalArgumentException("--robustness-examples must be ≥ 1 or 'all', got " + text);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--robustness-examples must be a whole number ≥ 1 or 'all', got '" + text
          + "'");
    }
  }

  /** The ε values in order. */
  public List<Double> epsValues() {
    return eps.stream().map(Epsilon::value).toList();
  }

  /** What the model's backend must support for these settings. */
  /** These settings without what needs input gradients (FGSM, PGD, ODIN). */
  public EvalSettings withoutGradients() {
    return new EvalSettings(batchSize, false, robustnessExamples, eps, pgd, pgdSteps, false, l2Eps);
  }

  /** What the settings need from a backend. */
  public Set<Capability> needs() {
    return robustness || odin ? EnumSet.of(Capability.INPUT_GRADIENTS) : EnumSet.noneOf(Capability.class);
  }

  /** What needs {@link Capability#INPUT_GRADIENTS}, in words, e.g. {@code robustness (FGSM, PGD) and ODIN}. */
  public String gradientUsers() {
    List<String> parts = new ArrayList<>();
    if (robustness) {
      parts.add("robustness (FGSM" + (pgd ? ", PGD" : "") + (l2Eps.isEmpty() ? "" : ", PGD-L2") + ")");
    }
    if (odin) {
      parts.add("ODIN");
    }
    return String.join(" and ", parts);
  }

  /** The flags that turn off what needs input gradients, e.g. {@code --no-robustness --no-odin}. */
  public String gradientFlags() {
    List<String> parts = new ArrayList<>();
    if (robustness) {
      parts.add("--no-robustness");
    }
    if (odin) {
      parts.add("--no-odin");
    }
    return String.join(" ", parts);
  }

  /** The settings as the report, {@code eval.json} and {@code compare.json} record them. */
  public EvalSettingsJson toJson() {
    return new EvalSettingsJson(batchSize, robustness, robustnessExamples == ALL ? "all" : robustnessExamples,
        eps.stream().map(Epsilon::label).toList(), pgd, pgdSteps, l2Eps, odin);
  }

  /** ODIN as configured ({@link Odin#defaults()}). */
  public Odin odinScore() {
    return Odin.defaults();
  }

  /** How a report writes the radius of {@code attack}: {@code 8/255} style for L∞, the decimal for {@code pgd-l2}. */
  public static String radiusLabel(String attack, double eps) {
    return attack.equals(PGD_L2) ? Format.number(eps) : Epsilon.of(eps).label();
  }

  /** The radii as written, e.g. {@code 8/255, 0.1}. */
  public String epsLabels() {
    return String.join(", ", eps.stream().map(Epsilon::label).toList());
  }
}
