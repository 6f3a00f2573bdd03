package dev.sparse4j.runner;

import dev.sparse4j.runner.report.MetricsJson;
import dev.sparse4j.runner.report.ReportJson;
import java.nio.file.Path;
import java.util.Map;

/**
 * One line of the {@code sparse4j compare} table, read from a run's {@code report.json}; NaN where not measured.
 *
 * @param variant the configuration
 * @param dir its run directory
 * @param action what this compare did with it
 * @param density achieved density
 * @param accuracy test accuracy
 * @param ece expected calibration error
 * @param nll negative log-likelihood
 * @param oodSet the first OOD set, or {@code null} when there is none
 * @param aurocMsp OOD AUROC with the maximum softmax probability
 * @param aurocEnergy OOD AUROC with the energy score
 * @param aurocOdin OOD AUROC with ODIN
 * @param robustCount examples attacked (0 when the attacks did not run)
 * @param fgsm FGSM accuracy per evaluation radius
 * @param pgd PGD-L∞ accuracy per evaluation radius
 * @param trainSeconds training time summed over the epochs
 */
public record CompareRow(CompareVariant variant, Path dir, CompareResume.Action action, double density,
    double accuracy, double ece, double nll, String oodSet, double aurocMsp, double aurocEnergy, double aurocOdin,
    int robustCount, double[] fgsm, double[] pgd, double trainSeconds) {

  /** The row of {@code report} for the radii of {@code settings}. */
  public static CompareRow of(CompareVariant v, Path dir, ReportJson report, EvalSettings settings,
      CompareResume.Action action) {
    MetricsJson m = report.metrics();
    String oodSet = m.ood().isEmpty() ? null : m.oodSets().get(0);
    Map<String, MetricsJson.OodScore> ood = oodSet == null ? Map.of() : m.ood().get(oodSet);
    int k = settings.eps().size();
    double[] fgsm = new double[k];
    double[] pgd = new double[k];
    for (int i = 0; i < k; i++) {
      fgsm[i] = MetricsJson.accuracy(m.robustness(), "fgsm", settings.eps().get(i).value());
      pgd[i] = MetricsJson.accuracy(m.robustness(), "pgd", settings.eps().get(i).value());
    }
    // The epochs' own times add up over resumed sessions; trainSeconds is only the last session's.
    double train = report.history().stream().mapToDouble(h -> Double.isNaN(h.seconds()) ? 0 : h.seconds()).sum();
    if (train == 0) {
      train = report.trainSeconds();
    }
    return new CompareRow(v, dir, action, report.totalDensity(), m.accuracy(), m.ece(), m.nll(), oodSet,
        auroc(ood, "msp"), auroc(ood, "energy"), auroc(ood, "odin"),
        m.robustness() == null ? 0 : m.robustness().count(), fgsm, pgd, train);
  }

  private static double auroc(Map<String, MetricsJson.OodScore> ood, String score) {
    return ood.containsKey(score) ? ood.get(score).auroc() : Double.NaN;
  }
}
