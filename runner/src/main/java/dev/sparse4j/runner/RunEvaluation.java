package dev.sparse4j.runner;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.metrics.LogitScore;
import dev.sparse4j.metrics.ModelEvaluator;
import dev.sparse4j.metrics.Odin;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.metrics.robustness.Attack;
import dev.sparse4j.metrics.robustness.Fgsm;
import dev.sparse4j.metrics.robustness.Norm;
import dev.sparse4j.metrics.robustness.Pgd;
import dev.sparse4j.metrics.robustness.RobustnessCurve;
import dev.sparse4j.metrics.robustness.RobustnessEvaluator;
import dev.sparse4j.metrics.robustness.RobustnessPoint;
import dev.sparse4j.metrics.robustness.StepSize;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.MetricsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The final evaluation of a run, shared by {@code train}, {@code eval}, {@code demo} and {@code compare}:
 * {@link ModelEvaluator} (accuracy, calibration, msp / maxLogit / energy OOD scores), then ODIN added to every OOD
 * report, then FGSM and PGD-L∞ robustness curves, with a progress line per step on standard error.
 */
public final class RunEvaluation {

  /**
   * What was measured.
   *
   * @param evaluation classification, calibration and OOD reports (with {@code odin} when it was computed)
   * @param robustness curves by attack name ({@code fgsm}, {@code pgd}); empty when robustness was off
   * @param settings what was asked for
   * @param seed root seed of the attacks' random starts
   * @param odinSeconds seconds spent on ODIN (0 when off)
   * @param robustnessSeconds seconds spent on the attacks (0 when off)
   * @param seconds seconds of the whole evaluation
   */
  public record Result(EvaluationResult evaluation, Map<String, RobustnessCurve> robustness, EvalSettings settings,
      long seed, double odinSeconds, double robustnessSeconds, double seconds) {
    /** Copies the map. */
    public Result {
      Objects.requireNonNull(evaluation, "evaluation");
      robustness = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(robustness));
    }
  }

  private RunEvaluation() {}

  /**
   * The attacks run for {@code settings}: FGSM, PGD-L∞ (unless off) and PGD-L2 (when it has radii), both PGDs with
   * the settings' steps, α = ε/4 and a random start.
   */
  public static List<Attack> attacks(EvalSettings settings) {
    List<Attack> attacks = new ArrayList<>(List.of(new Fgsm()));
    StepSize alpha = StepSize.fractionOfEps(EvalSettings.PGD_ALPHA_FRACTION);
    if (settings.pgd()) {
      attacks.add(new Pgd(Norm.LINF, settings.pgdSteps(), alpha, true));
    }
    if (!settings.l2Eps().isEmpty()) {
      attacks.add(new Pgd(Norm.L2, settings.pgdSteps(), alpha, true));
    }
    return List.copyOf(attacks);
  }

  /** The radii {@code attack} runs at: the L2 list for PGD-L2, {@code --eps} for the L∞ attacks. */
  static List<Double> radii(Attack attack, EvalSettings settings) {
    return attack.name().equals(EvalSettings.PGD_L2) ? settings.l2Eps() : settings.epsValues();
  }

  /**
   * Evaluates {@code model}.
   *
   * @param test the test examples used (already limited)
   * @param ood OOD sets by name
   * @param seed root seed of the attacks (the run's seed)
   * @param err where progress lines go
   * @param label prefix of progress lines, may be empty
   */
  public static Result evaluate(SparseModel model, Dataset test, Map<String, Dataset> ood, EvalSettings settings,
      long seed, RunOutput err, String label) {
    long start = System.nanoTime();
    err.progress(label + "evaluating on " + describe(test, ood));
    EvaluationResult base = new ModelEvaluator(settings.batchSize(), LogitScore.defaults()).evaluate(model, test, ood);

    double odinSeconds = 0;
    if (settings.odin() && !ood.isEmpty()) {
      long t = System.nanoTime();
      Odin odin = settings.odinScore();
      int total = test.size();
      for (Dataset d : ood.values()) {
        total += d.size();
      }
      err.progress(label + String.format(Locale.ROOT, "ODIN (T = %s, ε = %s): one input gradient and two forward passes"
          + " per example on %s examples …", Format.number(odin.temperature()), Format.number(odin.epsilon()),
          Format.count(total)));
      double[] idOdin = odin.scores(model, test, EvalSettings.ATTACK_BATCH_SIZE);
      Map<String, OodReport> reports = new LinkedHashMap<>();
      int k = base.numClasses();
      for (Map.Entry<String, Dataset> e : ood.entrySet()) {
        Map<String, double[]> idScores = new LinkedHashMap<>();
        Map<String, double[]> oodScores = new LinkedHashMap<>();
        float[] oodLogits = base.oodLogits().get(e.getKey());
        for (LogitScore s : LogitScore.defaults()) {
          idScores.put(s.name(), s.scores(base.testLogits(), k));
          oodScores.put(s.name(), s.scores(oodLogits, k));
        }
        idScores.put(odin.name(), idOdin);
        oodScores.put(odin.name(), odin.scores(model, e.getValue(), EvalSettings.ATTACK_BATCH_SIZE));
        OodReport r = OodReport.fromScores(idScores, oodScores);
        reports.put(e.getKey(), r);
        err.progress(label + String.format(Locale.ROOT, "  ODIN vs %s: AUROC %s (energy %s)", e.getKey(),
            Format.fraction(r.get(odin.name()).auroc()), Format.fraction(r.get("energy").auroc())));
      }
      odinSeconds = (System.nanoTime() - t) / 1e9;
      err.progress(label + "  ODIN took " + Format.duration(odinSeconds));
      base = new EvaluationResult(base.numClasses(), base.classification(), reports, base.testLogits(),
          base.testLabels(), base.oodLogits(), base.seconds() + odinSeconds);
    }

    Map<String, RobustnessCurve> curves = new LinkedHashMap<>();
    double robustnessSeconds = 0;
    if (settings.robustness()) {
      long t = System.nanoTime();
      int n = Math.min(settings.robustnessExamples(), test.size());
      RobustnessEvaluator evaluator = new RobustnessEvaluator(EvalSettings.ATTACK_BATCH_SIZE, n, seed);
      err.progress(label + describeAttacks(settings, n));
      for (Attack attack : attacks(settings)) {
        curves.put(attack.name(), curve(evaluator, model, test, attack, settings, err, label));
      }
      robustnessSeconds = (System.nanoTime() - t) / 1e9;
      err.progress(label + "  robustness took " + Format.duration(robustnessSeconds));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(base, curves, settings, seed, odinSeconds, robustnessSeconds, seconds);
  }

  /**
   * The progress line before the attacks, e.g. {@code robustness on the first 2,000 test examples at ε = 8/255, 0.1:
   * FGSM, and PGD-L∞ with 10 steps of α = ε/4 from a random start (22 input gradients per example) …}.
   */
  static String describeAttacks(EvalSettings settings, int n) {
    List<String> parts = new ArrayList<>(List.of("FGSM"));
    if (settings.pgd()) {
      parts.add(String.format(Locale.ROOT, "PGD-L∞ with %d steps of α = ε/4 from a random start", settings.pgdSteps()));
    }
    int gradients = settings.eps().size() * (1 + (settings.pgd() ? settings.pgdSteps() : 0));
    if (!settings.l2Eps().isEmpty()) {
      parts.add("PGD-L2 at ε = " + String.join(", ", settings.l2Eps().stream().map(Format::number).toList())
          + " with the same steps and α");
      gradients += settings.l2Eps().size() * settings.pgdSteps();
    }
    String attacks = parts.size() == 1 ? parts.get(0)
        : String.join(", ", parts.subList(0, parts.size() - 1)) + ", and " + parts.get(parts.size() - 1);
    return String.format(Locale.ROOT, "robustness on the first %s test examples at ε = %s: %s (%d input gradient%s"
        + " per example) …", Format.count(n), settings.epsLabels(), attacks, gradients, gradients == 1 ? "" : "s");
  }

  /** One curve, one ε at a time so that every radius gets a progress line (the clean pass is repeated; cheap). */
  private static RobustnessCurve curve(RobustnessEvaluator evaluator, SparseModel model, Dataset test, Attack attack,
      EvalSettings settings, RunOutput err, String label) {
    List<RobustnessPoint> points = new ArrayList<>();
    RobustnessCurve first = null;
    for (double eps : radii(attack, settings)) {
      long t = System.nanoTime();
      RobustnessCurve c = evaluator.evaluate(model, test, attack, List.of(eps));
      if (first == null) {
        first = c;
      }
      RobustnessPoint p = c.points().get(0);
      points.add(p);
      err.progress(label + String.format(Locale.ROOT, "  %-4s ε = %-7s accuracy %s (clean %s) in %s", attack.name(),
          EvalSettings.radiusLabel(attack.name(), eps), Format.fraction(p.accuracy()), Format.fraction(c.cleanAccuracy()),
          Format.duration((System.nanoTime() - t) / 1e9)));
    }
    return new RobustnessCurve(first.attack(), first.norm(), first.count(), first.cleanAccuracy(), first.seed(),
        points);
  }

  /** {@code 10,000 test examples and 10,000 mnist (OOD)}. */
  public static String describe(Dataset test, Map<String, Dataset> ood) {
    StringBuilder sb = new StringBuilder(Format.count(test.size()) + " test examples");
    ood.forEach((k, d) -> sb.append(" and ").append(Format.count(d.size())).append(" ").append(k)
        .append(" (OOD)"));
    return sb.toString();
  }

  /**
   * {@code metrics}: {@link RunReport#metrics(EvaluationResult)} (with {@code odin} among the OOD scores when it was
   * computed) plus {@code robustness} when the attacks ran.
   */
  public static MetricsJson metrics(Result r) {
    MetricsJson m = RunReport.metrics(r.evaluation());
    return r.robustness().isEmpty() ? m
        : new MetricsJson(m.count(), m.accuracy(), m.nll(), m.brier(), m.ece(), m.mce(), m.ood(), robustness(r));
  }

  /**
   * {@code robustness}: {@code count}, {@code cleanAccuracy}, {@code seed}, the attack settings, and per attack a
   * list of {@code {eps, steps, alpha, accuracy}}.
   */
  public static MetricsJson.Robustness robustness(Result r) {
    RobustnessCurve any = r.robustness().values().iterator().next();
    Map<String, List<MetricsJson.AttackPoint>> points = new LinkedHashMap<>();
    r.robustness().forEach((name, curve) -> points.put(name, curve.points().stream()
        .map(p -> new MetricsJson.AttackPoint(p.eps(), p.steps(), p.alpha(), p.accuracy())).toList()));
    boolean anyPgd = points.containsKey("pgd") || points.containsKey(EvalSettings.PGD_L2);
    // norm: of fgsm and pgd; pgd-l2 bounds each example's L2 norm.
    return new MetricsJson.Robustness(any.count(), any.cleanAccuracy(), r.seed(), "linf",
        "[0, 1] pixels before normalisation, clamped to [0, 1] after every step; true labels; eval mode",
        points.get("fgsm"), points.get("pgd"), points.get(EvalSettings.PGD_L2), anyPgd ? Boolean.TRUE : null,
        r.robustnessSeconds());
  }
}
