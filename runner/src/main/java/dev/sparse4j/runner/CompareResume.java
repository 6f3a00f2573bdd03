package dev.sparse4j.runner;

import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.MetricsJson;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.train.Checkpointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resume policy of {@code sparse4j compare}: a configuration whose directory holds a finished run of it is
 * skipped (and evaluated again if its report lacks what the evaluation settings ask for), an interrupted one resumes
 * from its last checkpoint, anything else is trained.
 */
public final class CompareResume {

  /** What happens to one configuration. */
  public enum Action {
    /** Train from scratch. */
    TRAIN("train"),
    /** Continue from the last checkpoint. */
    RESUME("resume"),
    /** A finished run of this configuration is there. */
    SKIP("skip: finished run of this configuration"),
    /** A finished run whose files no longer match the checksums its report recorded: trained again. */
    DAMAGED("train again: its files do not match the checksums in report.json (damaged or replaced)");

    private final String words;

    Action(String words) {
      this.words = words;
    }

    /** What it does, in words (e.g. for a dry run). */
    public String words() {
      return words;
    }
  }

  private CompareResume() {}

  /**
   * What to do with {@code dir} for {@code config}: skip a finished run of it whose files still match the checksums
   * its report recorded, train a damaged one again ({@link Action#DAMAGED}), resume an interrupted one, else train
   * (after {@link RunDirectory#check}, which refuses another configuration's run unless {@code force}).
   */
  public static Action decide(Path dir, RunConfig config, boolean force) throws IOException {
    Path report = dir.resolve(RunDirectory.REPORT);
    if (Files.isRegularFile(report)) {
      ReportJson previous;
      try {
        previous = RunReevaluation.readReport(report);
      } catch (CorruptFileException e) {
        previous = null; // not a run this version can skip: RunDirectory.check decides below
      }
      if (previous != null && previous.config().run().differences(config).isEmpty()) {
        try {
          // Cheap next to a cell's training: a flipped byte in weights.npz must not pass as a finished cell.
          RunChecksums.verify(dir, previous);
          return Action.SKIP;
        } catch (CorruptFileException damaged) {
          return Action.DAMAGED;
        }
      }
    }
    if (!Files.isRegularFile(report) && Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))
        && Checkpointer.latest(dir.resolve(RunDirectory.CHECKPOINTS)).isPresent()
        && RunDirectory.readConfig(dir).differences(config).isEmpty()) {
      return Action.RESUME;
    }
    RunDirectory.check(dir, config, false, force);
    return Action.TRAIN;
  }

  /** What {@code a} does to {@code dir}, e.g. {@code resume from epoch-0003}. */
  public static String describe(Path dir, Action a) throws IOException {
    if (a == Action.RESUME) {
      return "resume from " + Checkpointer.latest(dir.resolve(RunDirectory.CHECKPOINTS)).orElseThrow().getFileName();
    }
    return a.words;
  }

  /** What the report lacks of what {@code settings} asks for, e.g. {@code ODIN}, {@code robustness at ε 0.1}. */
  public static List<String> missingMetrics(ReportJson report, EvalSettings settings) {
    List<String> missing = new ArrayList<>();
    MetricsJson m = report.metrics();
    Map<String, Map<String, MetricsJson.OodScore>> ood = m == null ? Map.of() : m.ood();
    if (settings.odin() && !ood.isEmpty() && !ood.values().stream().allMatch(set -> set.containsKey("odin"))) {
      missing.add("ODIN");
    }
    if (!settings.robustness()) {
      return missing;
    }
    MetricsJson.Robustness rob = m == null ? null : m.robustness();
    List<String> attacks = settings.pgd() ? List.of("fgsm", "pgd") : List.of("fgsm");
    List<String> eps = new ArrayList<>();
    for (EvalSettings.Epsilon e : settings.eps()) {
      for (String a : attacks) {
        if (Double.isNaN(MetricsJson.accuracy(rob, a, e.value())) && !eps.contains(e.label())) {
          eps.add(e.label());
        }
      }
    }
    for (double l2 : settings.l2Eps()) {
      if (Double.isNaN(MetricsJson.accuracy(rob, EvalSettings.PGD_L2, l2))) {
        missing.add("PGD-L2 at ε " + Format.number(l2));
      }
    }
    if (!eps.isEmpty()) {
      missing.add("robustness at ε " + String.join(", ", eps));
      return missing;
    }
    Integer used = report.data() == null || report.data().test() == null ? null : report.data().test().used();
    int expected = Math.min(settings.robustnessExamples(), used == null ? Integer.MAX_VALUE : used);
    if (rob.count() != expected) {
      missing.add("robustness on " + Format.count(expected) + " examples (it has " + rob.count() + ")");
    } else if (settings.pgd() && rob.attack("pgd").get(0).steps() != settings.pgdSteps()) {
      missing.add("PGD with " + settings.pgdSteps() + " steps");
    }
    return missing;
  }
}
