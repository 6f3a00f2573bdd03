package dev.sparse4j.cli;

import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.io.DirectoryLock;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.runner.Capabilities;
import dev.sparse4j.runner.CompareResume;
import dev.sparse4j.runner.CompareRow;
import dev.sparse4j.runner.CompareSettings;
import dev.sparse4j.runner.CompareTable;
import dev.sparse4j.runner.CompareVariant;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.ProgressListener;
import dev.sparse4j.runner.RunData;
import dev.sparse4j.runner.RunDirectory;
import dev.sparse4j.runner.RunOutput;
import dev.sparse4j.runner.RunReevaluation;
import dev.sparse4j.runner.TrainingRun;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    List<CompareVariant> chosen = CompareVariant.parse(configs);
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
      List<CompareVariant> chosen, Integer threads, BackendRegistry registry, SparseBackendProvider provider)
      throws Exception {
    // Decide what happens to every configuration before training any, so a bad directory fails at once.
    CompareSettings compare = compareSettings();
    List<RunConfig> runConfigs = new ArrayList<>();
    List<CompareResume.Action> actions = new ArrayList<>();
    for (CompareVariant v : chosen) {
      RunConfig c = compare.config(v, provider.id());
      Capabilities.check(registry, provider, Allocators.get(v.allocator()),
          v.dense() ? null : Pruners.get(v.pruner(), c.prunerOptions()), settings);
      runConfigs.add(c);
      actions.add(CompareResume.decide(out.resolve(v.name()), c, force));
    }
    DataDirectory data = DataDirectory.resolve(resources.dataDir());

    stdout.println(String.format(Locale.ROOT, "sparse4j compare: %s ×%s on %s, sparsity %s, %d epoch%s each, seed %d,"
            + " backend %s", model, Format.number(width), runConfigs.get(0).dataset(), Format.number(sparsity), epochs,
        epochs == 1 ? "" : "s", seed, provider.id()));
    for (int i = 0; i < chosen.size(); i++) {
      stdout.println(String.format(Locale.ROOT, "  %-11s %-20s → %s: %s", chosen.get(i).name(), chosen.get(i).title(),
          out.resolve(chosen.get(i).name()), CompareResume.describe(out.resolve(chosen.get(i).name()), actions.get(i))));
    }
    stdout.flush();

    TrainingRun runner = new TrainingRun(registry, stdout, err, ProgressListener.stderrIsTerminal());
    for (int i = 0; i < chosen.size(); i++) {
      CompareVariant v = chosen.get(i);
      Path dir = out.resolve(v.name());
      String label = "[" + v.name() + "] ";
      if (actions.get(i) == CompareResume.Action.SKIP) {
        ReportJson report = RunReevaluation.readReport(dir.resolve(RunDirectory.REPORT));
        List<String> missing = CompareResume.missingMetrics(report, settings);
        if (missing.isEmpty()) {
          err.println(label + "finished run of this configuration in " + dir + "; skipped");
        } else {
          err.println(label + "finished run in " + dir + " lacks " + String.join(", ", missing)
              + "; evaluating it again and adding them to its report (sparse4j eval --update-report)");
          err.flush();
          RunReevaluation.evaluate(registry, dir, provider.id(), data.path(), threads, settings, true,
              RunOutput.console(stdout, err, false), label);
        }
        err.flush();
        continue;
      }
      stdout.println();
      stdout.flush();
      CompareResume.Action action = actions.get(i);
      TrainingRun.Options options = new TrainingRun.Options(dir, action == CompareResume.Action.RESUME,
          force && action == CompareResume.Action.TRAIN, data.path(), threads, false, settings, label);
      runner.run(runConfigs.get(i), options);
    }

    List<CompareRow> rows = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Path dir = out.resolve(chosen.get(i).name());
      rows.add(CompareRow.of(chosen.get(i), dir, RunReevaluation.readReport(dir.resolve(RunDirectory.REPORT)),
          settings, actions.get(i)));
    }
    String md = CompareTable.markdown(compare, rows, provider.id(), settings);
    Files.createDirectories(out);
    AtomicFiles.writeString(out.resolve("compare.md"), md);
    Json.write(out.resolve("compare.json"), CompareTable.json(compare, rows, provider.id(), settings));
    stdout.println();
    stdout.print(md);
    stdout.println();
    stdout.println("Wrote " + out.resolve("compare.md") + " and " + out.resolve("compare.json") + " in "
        + Format.duration((System.nanoTime() - start) / 1e9) + ".");
    stdout.flush();
    return 0;
  }

  private CompareSettings compareSettings() {
    return new CompareSettings(model, width, RunData.info(dataset).name(), sparsity, epochs, seed, trainLimit,
        testLimit);
  }
}
