package dev.sparse4j.cli;

import dev.sparse4j.api.alloc.Allocators;
import dev.sparse4j.api.alloc.DenseAllocator;
import dev.sparse4j.api.data.DataDirectory;
import dev.sparse4j.api.prune.Pruners;
import dev.sparse4j.api.prune.RandomPruner;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.train.Checkpointer;
import dev.sparse4j.cli.internal.Capabilities;
import dev.sparse4j.cli.internal.EvalSettings;
import dev.sparse4j.cli.internal.Format;
import dev.sparse4j.cli.internal.Json;
import dev.sparse4j.cli.internal.ProgressListener;
import dev.sparse4j.cli.internal.RunConfig;
import dev.sparse4j.cli.internal.RunData;
import dev.sparse4j.cli.internal.RunDirectory;
import dev.sparse4j.cli.internal.RunReevaluation;
import dev.sparse4j.cli.internal.TrainingRun;
import dev.sparse4j.cli.internal.report.CompareJson;
import dev.sparse4j.cli.internal.report.MetricsJson;
import dev.sparse4j.cli.internal.report.ReportJson;
import dev.sparse4j.api.io.CorruptFileException;
import dev.sparse4j.api.io.AtomicFiles;
import dev.sparse4j.api.io.DirectoryLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sparse4j compare}: the paper's comparison in one command — dense, ERK and uniform random pruning, the
 * SNIP-ratio allocation with random positions, and SNIP itself, trained the same way and evaluated on accuracy,
 * calibration, OOD detection and robustness; resumable across sessions.
 */
@Command(
    name = "compare",
    sortOptions = false,
    description = {
        "Train the paper's comparison with one seed and schedule: dense, ERK random, uniform random, SNIP-ratio random"
            + " and SNIP at the same sparsity; then write compare.md (a markdown table: density, accuracy, ECE, NLL,"
            + " OOD AUROC with msp / energy / ODIN, FGSM and PGD accuracy, training time) and compare.json.",
        "Each configuration is a full train run directory under --out. A configuration whose directory already holds"
            + " a finished run of the same configuration is skipped, and an interrupted one resumes from its last"
            + " checkpoint, so a long comparison can be continued by running the same command again.",
        "ResNet-20, 10 epochs of all 60,000 images: about 15-20 minutes per configuration on 2 CPU cores with"
            + " djl-pytorch (plus 1-2 minutes of evaluation each)."},
    footer = {
        "%nConfigurations (--configs):",
        "  dense       dense baseline (no masks)",
        "  erk         ERK densities, random positions (the paper's random pruning)",
        "  uniform     uniform densities, random positions",
        "  snip-ratio  SNIP's per-layer densities, random positions (the paper's SNIP-ratio)",
        "  snip        SNIP's mask itself (global |gradient x weight|)",
        "%nExamples:",
        "  sparse4j compare",
        "  sparse4j compare --epochs 2 --out runs/compare-2ep",
        "  sparse4j compare --configs dense,erk --epochs 10 --seed 1 --out runs/compare-s1",
        "  sparse4j compare --model mlp --epochs 3 --sparsity 0.98 --out runs/compare-mlp"})
final class CompareCommand implements Callable<Integer> {

  /**
   * One configuration of the comparison.
   *
   * @param name subdirectory and {@code --configs} name
   * @param title what it is, for the table
   * @param allocator density allocator
   * @param pruner pruner
   */
  record Variant(String name, String title, String allocator, String pruner) {
    boolean dense() {
      return allocator.equals(DenseAllocator.NAME);
    }
  }

  /** The configurations, in table order. */
  static final List<Variant> VARIANTS = List.of(
      new Variant("dense", "dense", DenseAllocator.NAME, RandomPruner.NAME),
      new Variant("erk", "ERK + random", "erk", RandomPruner.NAME),
      new Variant("uniform", "uniform + random", "uniform", RandomPruner.NAME),
      new Variant("snip-ratio", "SNIP-ratio + random", "snip-ratio", RandomPruner.NAME),
      // A global pruner takes only the layer set and the total from the plan; uniform gives exactly round(D·n_l).
      new Variant("snip", "SNIP", "uniform", "snip"));

  /** What happens to one configuration. */
  enum Action {
    TRAIN("train"), RESUME("resume"), SKIP("skip: finished run of this configuration");

    final String words;

    Action(String words) {
      this.words = words;
    }
  }

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--out", defaultValue = "runs/compare", paramLabel = "DIR",
      description = "Parent of one run directory per configuration, and of compare.md / compare.json (default:"
          + " ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--configs", defaultValue = "dense,erk,uniform,snip-ratio,snip", paramLabel = "LIST",
      split = ",", description = "Configurations to run, in table order (default: ${DEFAULT-VALUE}).")
  private List<String> configs;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Epochs per configuration (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--sparsity", defaultValue = "0.9", paramLabel = "S",
      description = "Sparsity of every sparse configuration, in (0, 1) (default: ${DEFAULT-VALUE}).")
  private double sparsity;

  @Option(names = "--model", defaultValue = "resnet20", paramLabel = "NAME",
      description = "Model (default: ${DEFAULT-VALUE}; list: sparse4j models).")
  private String model;

  @Option(names = "--width", defaultValue = "1", paramLabel = "W",
      description = "Width multiplier (default: ${DEFAULT-VALUE}).")
  private double width;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME",
      description = "fashion-mnist (OOD: MNIST digits), cifar10 or cifar100 (default: ${DEFAULT-VALUE}).")
  private String dataset;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "One seed for every configuration (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--train-limit", defaultValue = "0", paramLabel = "N",
      description = "Train on the first N training examples only; 0 = all (default: ${DEFAULT-VALUE}).")
  private int trainLimit;

  @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
      description = "Evaluate on the first N test examples only; 0 = all (default: ${DEFAULT-VALUE}).")
  private int testLimit;

  @Option(names = "--backend", paramLabel = "ID", description = "Backend (default: the default selection).")
  private String backend;


  @Mixin
  private ResourceOptions resources = new ResourceOptions();

  @Mixin
  private EvalOptions evalOptions = new EvalOptions();

  @Option(names = "--force",
      description = "Replace a configuration's directory that holds a run of another configuration (e.g. other"
          + " --epochs); without it such a directory is refused.")
  private boolean force;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EvalSettings settings = evalOptions.settings();
    List<Variant> chosen = variants(configs);
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("--sparsity must be in (0, 1) for the sparse configurations, got "
          + sparsity);
    }
    Integer threads = resources.threads();
    BackendRegistry registry = root.registry();
    SparseBackendProvider provider = registry.select(backend);

    // compare.md and compare.json are written by one compare at a time; each run directory has its own lock.
    try (DirectoryLock lock = RunDirectory.lock(out, "sparse4j compare")) {
      return compareLocked(start, stdout, err, settings, chosen, threads, registry, provider);
    }
  }

  private Integer compareLocked(long start, PrintWriter stdout, PrintWriter err, EvalSettings settings,
      List<Variant> chosen, Integer threads, BackendRegistry registry, SparseBackendProvider provider)
      throws Exception {
    // Decide what happens to every configuration before training any, so a bad directory fails at once.
    List<RunConfig> runConfigs = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    for (Variant v : chosen) {
      RunConfig c = config(v, provider.id());
      Capabilities.check(registry, provider, Allocators.get(v.allocator()),
          v.dense() ? null : Pruners.get(v.pruner(), c.prunerOptions()), settings);
      runConfigs.add(c);
      actions.add(decide(out.resolve(v.name()), c));
    }
    DataDirectory data = DataDirectory.resolve(resources.dataDir());

    stdout.println(String.format(Locale.ROOT, "sparse4j compare: %s ×%s on %s, sparsity %s, %d epoch%s each, seed %d,"
            + " backend %s", model, Format.number(width), runConfigs.get(0).dataset(), Format.number(sparsity), epochs,
        epochs == 1 ? "" : "s", seed, provider.id()));
    for (int i = 0; i < chosen.size(); i++) {
      stdout.println(String.format(Locale.ROOT, "  %-11s %-20s → %s: %s", chosen.get(i).name(), chosen.get(i).title(),
          out.resolve(chosen.get(i).name()), actionText(out.resolve(chosen.get(i).name()), actions.get(i))));
    }
    stdout.flush();

    TrainingRun runner = new TrainingRun(registry, stdout, err, ProgressListener.stderrIsTerminal());
    for (int i = 0; i < chosen.size(); i++) {
      Variant v = chosen.get(i);
      Path dir = out.resolve(v.name());
      String label = "[" + v.name() + "] ";
      if (actions.get(i) == Action.SKIP) {
        ReportJson report = RunReevaluation.readReport(dir.resolve(RunDirectory.REPORT));
        List<String> missing = missingMetrics(report, settings);
        if (missing.isEmpty()) {
          err.println(label + "finished run of this configuration in " + dir + "; skipped");
        } else {
          err.println(label + "finished run in " + dir + " lacks " + String.join(", ", missing)
              + "; evaluating it again and adding them to its report (sparse4j eval --update-report)");
          err.flush();
          RunReevaluation.evaluate(registry, dir, provider.id(), data.path(), threads, settings, true, err, label);
        }
        err.flush();
        continue;
      }
      stdout.println();
      stdout.flush();
      TrainingRun.Options options = new TrainingRun.Options(dir, actions.get(i) == Action.RESUME, force
          && actions.get(i) == Action.TRAIN, data.path(), threads, false, settings, label);
      runner.run(runConfigs.get(i), options);
    }

    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Path dir = out.resolve(chosen.get(i).name());
      rows.add(Row.of(chosen.get(i), dir, RunReevaluation.readReport(dir.resolve(RunDirectory.REPORT)), settings,
          actions.get(i)));
    }
    String md = markdown(rows, runConfigs.get(0), provider.id(), settings);
    Files.createDirectories(out);
    AtomicFiles.writeString(out.resolve("compare.md"), md);
    Json.write(out.resolve("compare.json"), json(rows, runConfigs.get(0), provider.id(), settings));
    stdout.println();
    stdout.print(md);
    stdout.println();
    stdout.println("Wrote " + out.resolve("compare.md") + " and " + out.resolve("compare.json") + " in "
        + Format.duration((System.nanoTime() - start) / 1e9) + ".");
    stdout.flush();
    return 0;
  }

  /**
   * The variants named in {@code names}, in the given order.
   *
   * @throws IllegalArgumentException for an unknown or repeated name, listing the known ones
   */
  static List<Variant> variants(List<String> names) {
    List<String> known = VARIANTS.stream().map(Variant::name).toList();
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("--configs is empty; choose from " + String.join(", ", known));
    }
    List<Variant> out = new ArrayList<>();
    for (String raw : names) {
      String n = raw.trim().toLowerCase(Locale.ROOT);
      Variant v = VARIANTS.stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow(() ->
          new IllegalArgumentException("unknown configuration '" + raw + "' in --configs; known configurations: "
              + String.join(", ", known)));
      if (out.contains(v)) {
        throw new IllegalArgumentException("--configs names '" + n + "' twice");
      }
      out.add(v);
    }
    return out;
  }

  /** The configuration {@code sparse4j train} would have for the variant's command line ({@link #trainCommand}). */
  RunConfig config(Variant v, String backendId) {
    Map<String, String> prunerOptions = new LinkedHashMap<>();
    if (v.pruner().equals(RandomPruner.NAME)) {
      prunerOptions.put("mode", RandomPruner.Mode.EXACT.optionValue());
    }
    // The train command's defaults: the paper's SGD schedule, no augmentation.
    return RunConfig.of(backendId, RunData.info(dataset).name(), model, width, v.allocator(), Map.of(),
        v.dense() ? 0.0 : sparsity, v.pruner(), prunerOptions, seed, epochs, 128, 0.1, "step", "sgd", 5e-4, 0.9, true,
        false, 0, trainLimit, testLimit);
  }

  /** The equivalent {@code sparse4j train} command line. */
  String trainCommand(Variant v, Path dir) {
    StringBuilder sb = new StringBuilder("sparse4j train --dataset " + RunData.info(dataset).name() + " --model "
        + model + (width == 1 ? "" : " --width " + Format.number(width)) + " --allocator " + v.allocator());
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

  /**
   * What to do with {@code dir} for {@code config}: skip a finished run of it, resume an interrupted one, else train
   * (after {@link RunDirectory#check}, which refuses another configuration's run unless {@code --force}).
   */
  private Action decide(Path dir, RunConfig config) throws IOException {
    Path report = dir.resolve(RunDirectory.REPORT);
    if (Files.isRegularFile(report)) {
      RunConfig previous;
      try {
        previous = RunReevaluation.readReport(report).config().run();
      } catch (CorruptFileException e) {
        previous = null; // not a run this version can skip: RunDirectory.check decides below
      }
      if (previous != null && previous.differences(config).isEmpty()) {
        return Action.SKIP;
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

  private static String actionText(Path dir, Action a) throws IOException {
    if (a == Action.RESUME) {
      return "resume from " + Checkpointer.latest(dir.resolve(RunDirectory.CHECKPOINTS)).orElseThrow().getFileName();
    }
    return a.words;
  }

  /** What the report lacks of what {@code settings} asks for, e.g. {@code ODIN}, {@code robustness at ε 0.1}. */
  static List<String> missingMetrics(ReportJson report, EvalSettings settings) {
    List<String> missing = new ArrayList<>();
    MetricsJson m = report.metrics();
    Map<String, Map<String, MetricsJson.OodScore>> ood = m == null ? Map.of() : m.ood();
    if (settings.odin() && !ood.isEmpty() && !ood.values().stream().allMatch(set -> set.containsKey("odin"))) {
      missing.add("ODIN");
    }
    if (settings.robustness()) {
      MetricsJson.Robustness rob = m == null ? null : m.robustness();
      List<String> attacks = settings.pgd() ? List.of("fgsm", "pgd") : List.of("fgsm");
      List<String> eps = new ArrayList<>();
      for (EvalSettings.Epsilon e : settings.eps()) {
        for (String a : attacks) {
          if (Double.isNaN(accuracyAt(rob, a, e.value())) && !eps.contains(e.label())) {
            eps.add(e.label());
          }
        }
      }
      for (double l2 : settings.l2Eps()) {
        if (Double.isNaN(accuracyAt(rob, EvalSettings.PGD_L2, l2))) {
          missing.add("PGD-L2 at ε " + Format.number(l2));
        }
      }
      if (!eps.isEmpty()) {
        missing.add("robustness at ε " + String.join(", ", eps));
      } else {
        Integer used = report.data() == null || report.data().test() == null ? null : report.data().test().used();
        int expected = Math.min(settings.robustnessExamples(), used == null ? Integer.MAX_VALUE : used);
        if (rob.count() != expected) {
          missing.add("robustness on " + Format.count(expected) + " examples (it has " + rob.count() + ")");
        } else if (settings.pgd() && rob.attack("pgd").get(0).steps() != settings.pgdSteps()) {
          missing.add("PGD with " + settings.pgdSteps() + " steps");
        }
      }
    }
    return missing;
  }

  /** The accuracy of {@code attack} at radius {@code eps} in a report's robustness, or NaN. */
  static double accuracyAt(MetricsJson.Robustness robustness, String attack, double eps) {
    if (robustness == null) {
      return Double.NaN;
    }
    for (MetricsJson.AttackPoint p : robustness.attack(attack)) {
      if (EvalSettings.sameRadius(p.eps(), eps) && !Double.isNaN(p.accuracy())) {
        return p.accuracy();
      }
    }
    return Double.NaN;
  }

  /** One line of the table, read from a run's {@code report.json}. */
  record Row(Variant variant, Path dir, Action action, double density, double accuracy, double ece, double nll,
      String oodSet, double aurocMsp, double aurocEnergy, double aurocOdin, int robustCount, double[] fgsm,
      double[] pgd, double trainSeconds) {

    static Row of(Variant v, Path dir, ReportJson report, EvalSettings settings, Action action) {
      MetricsJson m = report.metrics();
      String oodSet = m.ood().isEmpty() ? null : m.oodSets().get(0);
      Map<String, MetricsJson.OodScore> ood = oodSet == null ? Map.of() : m.ood().get(oodSet);
      int k = settings.eps().size();
      double[] fgsm = new double[k];
      double[] pgd = new double[k];
      for (int i = 0; i < k; i++) {
        fgsm[i] = accuracyAt(m.robustness(), "fgsm", settings.eps().get(i).value());
        pgd[i] = accuracyAt(m.robustness(), "pgd", settings.eps().get(i).value());
      }
      // The epochs' own times add up over resumed sessions; trainSeconds is only the last session's.
      double train = report.history().stream().mapToDouble(h -> Double.isNaN(h.seconds()) ? 0 : h.seconds()).sum();
      if (train == 0) {
        train = report.trainSeconds();
      }
      return new Row(v, dir, action, report.totalDensity(), m.accuracy(), m.ece(), m.nll(), oodSet, auroc(ood, "msp"),
          auroc(ood, "energy"), auroc(ood, "odin"), m.robustness() == null ? 0 : m.robustness().count(), fgsm, pgd,
          train);
    }

    private static double auroc(Map<String, MetricsJson.OodScore> ood, String score) {
      return ood.containsKey(score) ? ood.get(score).auroc() : Double.NaN;
    }
  }

  private String markdown(List<Row> rows, RunConfig c, String backendId, EvalSettings settings) {
    StringBuilder sb = new StringBuilder();
    String oodSet = rows.stream().map(Row::oodSet).filter(s -> s != null).findFirst().orElse("none");
    sb.append("# sparse4j compare: ").append(c.model()).append(width == 1 ? "" : " ×" + Format.number(width))
        .append(" on ").append(c.dataset()).append("\n\n");
    double density = BigDecimal.ONE.subtract(BigDecimal.valueOf(sparsity)).doubleValue();
    sb.append(String.format(Locale.ROOT, "Sparsity %s (density %s) for the sparse configurations; %d epoch%s each, "
            + "batch 128, SGD (Nesterov momentum 0.9, weight decay 5e-4), learning rate 0.1 with ×0.1 steps at 50%% "
            + "and 75%% of the epochs, seed %d, backend %s; %s training images%s.\n\n", Format.number(sparsity),
        Format.number(density), epochs, epochs == 1 ? "" : "s", seed, backendId,
        trainLimit > 0 ? "the first " + Format.count(trainLimit) : "all", testLimit > 0 ? ", the first "
            + Format.count(testLimit) + " test images" : ""));
    List<String> header = new ArrayList<>(List.of("config", "density", "accuracy", "ECE", "NLL", "AUROC msp",
        "AUROC energy", "AUROC odin"));
    for (EvalSettings.Epsilon e : settings.eps()) {
      header.add("FGSM @" + e.label());
    }
    if (settings.pgd()) {
      for (EvalSettings.Epsilon e : settings.eps()) {
        header.add("PGD @" + e.label());
      }
    }
    header.add("train time");
    sb.append("| ").append(String.join(" | ", header)).append(" |\n");
    sb.append("|---");
    for (int i = 1; i < header.size(); i++) {
      sb.append("|---:");
    }
    sb.append("|\n");
    for (Row r : rows) {
      List<String> cells = new ArrayList<>(List.of(r.variant().title(), Format.fraction(r.density()),
          Format.fraction(r.accuracy()), Format.fraction(r.ece()), Format.fraction(r.nll()),
          Format.fraction(r.aurocMsp()), Format.fraction(r.aurocEnergy()), Format.fraction(r.aurocOdin())));
      for (double v : r.fgsm()) {
        cells.add(Format.fraction(v));
      }
      if (settings.pgd()) {
        for (double v : r.pgd()) {
          cells.add(Format.fraction(v));
        }
      }
      cells.add(Format.duration(r.trainSeconds()));
      sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    int count = rows.stream().mapToInt(Row::robustCount).max().orElse(0);
    sb.append('\n');
    sb.append("Accuracy, ECE (15 bins) and NLL on the test set; OOD AUROC with the ").append(oodSet)
        .append(" set as OOD (higher = better separated; ODIN with T = 1000, ε = 0.0014); FGSM and PGD-L∞ (")
        .append(settings.pgdSteps()).append(" steps of α = ε/4, random start) accuracy on the first ")
        .append(count == 0 ? "-" : Format.count(count)).append(" test images, ε in [0, 1] pixel units; train time = "
            + "the epochs' wall time (training and per-epoch test accuracy). `-` = not measured.\n\n");
    sb.append("Each configuration is a `sparse4j train` run; to reproduce one alone:\n\n");
    for (Row r : rows) {
      sb.append("- ").append(r.variant().name()).append(" (").append(r.variant().title()).append("): `")
          .append(trainCommand(r.variant(), r.dir())).append("`\n");
    }
    return sb.toString();
  }

  private CompareJson json(List<Row> rows, RunConfig c, String backendId, EvalSettings settings) {
    List<CompareJson.Run> runs = new ArrayList<>();
    for (Row r : rows) {
      List<CompareJson.Point> fgsm = new ArrayList<>();
      List<CompareJson.Point> pgd = new ArrayList<>();
      for (int i = 0; i < settings.eps().size(); i++) {
        EvalSettings.Epsilon e = settings.eps().get(i);
        fgsm.add(new CompareJson.Point(e.value(), e.label(), r.fgsm()[i]));
        if (settings.pgd()) {
          pgd.add(new CompareJson.Point(e.value(), e.label(), r.pgd()[i]));
        }
      }
      Variant v = r.variant();
      runs.add(new CompareJson.Run(v.name(), v.title(), v.allocator(), v.dense() ? "none" : v.pruner(),
          r.dir().toString(), r.action().name().toLowerCase(Locale.ROOT), trainCommand(v, r.dir()), r.density(),
          r.accuracy(), r.ece(), r.nll(), new CompareJson.Auroc(r.oodSet(), r.aurocMsp(), r.aurocEnergy(),
          r.aurocOdin()), new CompareJson.Robustness(r.robustCount(), fgsm, pgd), r.trainSeconds()));
    }
    return new CompareJson(CompareJson.FORMAT, CompareJson.VERSION, Instant.now().toString(),
        new CompareJson.Settings(c.model(), width, c.dataset(), sparsity, epochs, seed, trainLimit, testLimit,
            backendId, settings.toJson()), runs);
  }
}
