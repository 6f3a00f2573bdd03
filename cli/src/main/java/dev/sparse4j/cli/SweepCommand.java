package dev.sparse4j.cli;

import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.cli.internal.sweep.SweepPlots;
import dev.sparse4j.io.DirectoryLock;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.runner.Capabilities;
import dev.sparse4j.runner.CompareResume;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.RunData;
import dev.sparse4j.runner.RunDirectory;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.runner.sweep.SweepCell;
import dev.sparse4j.runner.sweep.SweepExecutor;
import dev.sparse4j.runner.sweep.SweepExecutors;
import dev.sparse4j.runner.sweep.SweepGrid;
import dev.sparse4j.runner.sweep.SweepPresets;
import dev.sparse4j.runner.sweep.SweepProgress;
import dev.sparse4j.runner.sweep.SweepResults;
import dev.sparse4j.runner.sweep.SweepTask;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sparse4j sweep}: a grid of {@code train} runs with one results table and plots, resumable. */
@Command(
    name = "sweep",
    sortOptions = false,
    description = {
        "Train and evaluate a grid of sparse networks — models × widths × sparsities × allocators (× pruners ×"
            + " backends × seeds), each width's dense baseline included — and derive one results table"
            + " (results.csv, results.json; summary.csv with mean ± std over seeds) and plots from the runs.",
        "Every cell is an ordinary train run directory under --out/cells/. Run the same command again to continue:"
            + " finished cells are skipped, an interrupted cell resumes from its last checkpoint."},
    footer = {
        "%nExamples:",
        "  sparse4j sweep --model mlp --widths 1,4,16 --sparsities 0.5,0.8,0.9,0.95,0.98 --allocators erk,uniform"
            + " --seeds 0,1,2 --epochs 10 --out runs/sweep-mlp",
        "  sparse4j sweep --preset paper-fmnist --out runs/paper-fmnist",
        "  sparse4j sweep --model mlp --sparsities 0.9 --epochs 1 --parallel 2 --out runs/quick",
        "  sparse4j sweep --preset paper-fmnist --executor spark --master spark://host:7077 --out /shared/paper"})
final class SweepCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Sweep directory: cells/<cell>/ run directories, results.csv, results.json, plots/.")
  private Path out;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "A documented grid instead of the grid options: ${COMPLETION-CANDIDATES}.",
      completionCandidates = SweepPresets.Names.class)
  private String preset;

  @Option(names = "--model", split = ",", paramLabel = "LIST", description = "Models (default: mlp).")
  private List<String> models;

  @Option(names = "--widths", split = ",", paramLabel = "LIST", description = "Width multipliers (default: 1).")
  private List<Double> widths;

  @Option(names = "--sparsities", split = ",", paramLabel = "LIST",
      description = "Sparsities in (0, 1) (default: 0.9).")
  private List<Double> sparsities;

  @Option(names = "--allocators", split = ",", paramLabel = "LIST", description = "Allocators (default: erk).")
  private List<String> allocators;

  @Option(names = "--pruners", split = ",", paramLabel = "LIST", description = "Pruners (default: random).")
  private List<String> pruners;

  @Option(names = "--dsts", split = ",", paramLabel = "LIST",
      description = "Dynamic sparse training as an axis: static, set, rigl or a plug-in's (default: static); dense "
          + "baselines stay static. Schedule: --dst-interval, --dst-fraction, --dst-end.")
  private List<String> dsts;

  @Option(names = {"--backends", "--backend"}, split = ",", paramLabel = "LIST",
      description = "Backends (default: the default selection; list: sparse4j backends).")
  private List<String> backends;

  @Option(names = "--seeds", split = ",", paramLabel = "LIST", description = "Seeds (default: 0).")
  private List<Long> seeds;

  @Option(names = "--allocator-option", paramLabel = "KEY=VALUE", description = "Allocator option, repeatable.")
  private Map<String, String> allocatorOptions = new LinkedHashMap<>();

  @Option(names = "--pruner-option", paramLabel = "KEY=VALUE", description = "Pruner option, repeatable.")
  private Map<String, String> prunerOptions = new LinkedHashMap<>();

  @Option(names = "--mask-mode", paramLabel = "MODE", description = "Random pruner: exact (default) or bernoulli.")
  private String maskMode;

  @Mixin
  private HyperparameterOptions hyper = new HyperparameterOptions();

  @Mixin
  private ResourceOptions resources = new ResourceOptions();

  @Mixin
  private EvalOptions evalOptions = new EvalOptions();

  @Option(names = "--executor", defaultValue = "local", paramLabel = "NAME",
      description = "local (this JVM; default) or spark (module sweep-spark).")
  private String executor;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master: local[*], local-cluster[N,cores,MB] or spark://host:port (with --executor spark).")
  private String master;

  @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
      description = "Local executor: cells at a time, the cores split between them (default: ${DEFAULT-VALUE}).")
  private int parallel;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "Executor setting, repeatable (Spark: e.g. spark.task.cpus=2, spark.executor.memory=4g).")
  private Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--dry-run", description = "List the cells and what would happen to each; train nothing.")
  private boolean dryRun;

  @Option(names = "--tabulate",
      description = "Train nothing: derive the tables and plots from the cells finished so far (also while another"
          + " process is still running the sweep).")
  private boolean tabulate;

  @Option(names = "--force",
      description = "Replace a cell directory that holds a run of another configuration (else it is refused).")
  private boolean force;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be ≥ 1, got " + parallel);
    }
    EvalSettings settings = evalOptions.settings();
    BackendRegistry registry = root.registry();
    List<SweepCell> cells = resolveBackends(registry, settings, preset == null ? cells() : presetCells());
    if (tabulate) {
      // Read-only on the cells and without the sweep's lock, so it can look at a sweep that is still running.
      return writeResults(start, stdout, err, cells);
    }
    SweepExecutor exec = SweepExecutors.get(executor, registry, stdout, err);
    exec.check(executorSettings());
    try (DirectoryLock lock = RunDirectory.lock(out, "sparse4j sweep")) {
      return sweepLocked(start, stdout, err, settings, cells, exec);
    }
  }

  private Integer sweepLocked(long start, PrintWriter stdout, PrintWriter err, EvalSettings settings,
      List<SweepCell> cells, SweepExecutor exec) throws Exception {
    Path cellsDir = out.resolve("cells");
    List<SweepTask> tasks = new ArrayList<>();
    int skipped = 0;
    int resumed = 0;
    Set<String> damaged = new LinkedHashSet<>();
    for (SweepCell c : cells) {
      Path dir = cellsDir.resolve(c.id());
      CompareResume.Action action = CompareResume.decide(dir, c.config(), force);
      if (action == CompareResume.Action.DAMAGED) {
        damaged.add(c.id());
      }
      if (action == CompareResume.Action.SKIP) {
        skipped++;
        continue;
      }
      resumed += action == CompareResume.Action.RESUME ? 1 : 0;
      tasks.add(new SweepTask(c.id(), dir.toAbsolutePath().toString(), c.config(), settings, action == CompareResume.Action.RESUME, force,
          resources.dataDir() == null ? null : resources.dataDir().toAbsolutePath().toString(),
          resources.threads(), resources.backendOptions()));
    }
    stdout.println("sparse4j sweep: " + cells.size() + " cells in " + cellsDir + " — " + (tasks.size() - resumed)
        + " to train, " + resumed + " to resume, " + skipped + " finished; executor " + exec.id()
        + (master != null ? " (" + master + ")" : "") + (parallel > 1 ? ", " + parallel + " at a time" : ""));
    if (!dryRun) {
      damaged.forEach(id -> stdout.println("  " + id + ": " + CompareResume.Action.DAMAGED.words()));
    }
    stdout.flush();
    if (dryRun) {
      Map<String, SweepTask> byId = new LinkedHashMap<>();
      tasks.forEach(t -> byId.put(t.cellId(), t));
      for (SweepCell c : cells) {
        SweepTask t = byId.get(c.id());
        stdout.println("  " + c.id() + ": " + (t == null ? "finished" : t.resume() ? "resume"
            : damaged.contains(c.id()) ? CompareResume.Action.DAMAGED.words() : "train"));
      }
      stdout.flush();
      return 0;
    }
    Files.createDirectories(cellsDir);
    Map<String, Object> sweep = describe(cells);
    Json.write(out.resolve("sweep.json"), sweep);

    SweepProgress progress = new SweepProgress(cells.size(), skipped, tasks.size(), exec.id().equals("local")
        ? parallel : Math.max(1, tasks.size()), cellsDir, err);
    if (!tasks.isEmpty()) {
      exec.execute(tasks, executorSettings(), progress::finished);
    }
    return writeResults(start, stdout, err, cells);
  }

  /** The table is derived from the run directories: whatever ran where, each cell is one row or missing. */
  private int writeResults(long start, PrintWriter stdout, PrintWriter err, List<SweepCell> cells) throws Exception {
    Files.createDirectories(out);
    SweepResults results = SweepResults.read(out.resolve("cells"), cells);
    List<String> files = new ArrayList<>(results.write(out, describe(cells)));
    files.addAll(SweepPlots.write(out, results, "", err));
    AtomicFiles.writeString(out.resolve("results.md"), results.markdown());
    files.add("results.md");
    stdout.println();
    stdout.print(results.markdown());
    stdout.println();
    stdout.println("Wrote " + String.join(", ", files) + " in " + out + " ("
        + Format.duration((System.nanoTime() - start) / 1e9) + ").");
    if (!results.invalid().isEmpty()) {
      stdout.println(results.invalid().size() + " cell(s) left out of the table, their report cannot be read:");
      results.invalid().forEach((cell, why) -> stdout.println("  " + cell + ": " + why));
      stdout.println("Train them again: sparse4j sweep with the same options and --force replaces them.");
    }
    if (!results.missing().isEmpty()) {
      stdout.println(results.missing().size() + " cell(s) did not finish: " + String.join(", ", results.missing())
          + (tabulate ? "" : "; run the same command again to retry them (finished cells are skipped)"));
      stdout.flush();
      return tabulate ? 0 : 1;
    }
    stdout.flush();
    return results.invalid().isEmpty() || tabulate ? 0 : 1;
  }

  /** {@code parallel}, {@code master} and the {@code --conf} entries as {@code conf.<key>}. */
  private Map<String, String> executorSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("parallel", Integer.toString(parallel));
    if (master != null) {
      m.put("master", master);
    }
    conf.forEach((k, v) -> m.put("conf." + k, v));
    return m;
  }

  /**
   * The grid from the options, with the defaults (mlp, width 1, sparsity 0.9, erk, random, seed 0). Names are
   * canonical (trimmed, as the registries spell them: {@code ERK} is {@code erk}), so two spellings of one value are
   * the repeat they are; every model is built at every width now, so a bad one fails before any cell runs.
   */
  List<SweepCell> cells() {
    for (String option : List.of("--model", "--widths", "--sparsities", "--allocators", "--pruners", "--dsts",
        "--backends", "--seeds")) {
      requireValues(option);
    }
    List<String> modelNames = canonical("--model", or(models, List.of("mlp")), m -> m.trim().toLowerCase(Locale.ROOT));
    List<Double> widthList = or(widths, List.of(1.0));
    List<String> allocatorNames = canonical("--allocators", or(allocators, List.of("erk")),
        a -> a.trim().equalsIgnoreCase(DenseAllocator.NAME) ? DenseAllocator.NAME : Allocators.get(a.trim()).name());
    List<String> prunerNames = canonical("--pruners", or(pruners, List.of("random")), p -> Pruners.get(p.trim()).name());
    List<String> dstNames = canonical("--dsts", or(dsts, List.of(TopologyUpdater.STATIC)),
        d -> d.trim().equalsIgnoreCase(TopologyUpdater.STATIC) ? TopologyUpdater.STATIC
            : TopologyUpdaters.get(d.trim()).name());
    List<String> backendIds = backends == null ? null
        : canonical("--backends", backends, b -> b.trim().toLowerCase(Locale.ROOT));
    SweepGrid grid = new SweepGrid(modelNames, widthList, or(sparsities, List.of(0.9)), allocatorNames, prunerNames,
        dstNames, backendIds, or(seeds, List.of(0L)));
    return cells(grid, hyper.epochs());
  }

  /** The cells of {@code grid}, trained for {@code epochs}; every model is built at every width first. */
  private List<SweepCell> cells(SweepGrid grid, int epochs) {
    RunData.Info info = RunData.info(hyper.dataset());
    for (String model : grid.models()) {
      for (double width : grid.widths()) {
        ModelOptions options = ModelOptions.of(info.shape(), info.classes()).withWidth(width);
        try {
          Models.create(model, options);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--model " + model + " at width " + Format.number(width) + ": "
              + e.getMessage(), e);
        }
      }
    }
    return grid.cells((backend, model, width, allocator, sparsity, pruner, dst, seed) -> {
      boolean dense = RunConfig.isDense(allocator, sparsity);
      return hyper.withDst(hyper.config(backend, model, width, allocator, dense ? Map.of() : allocatorOptions,
          sparsity, pruner, HyperparameterOptions.prunerOptions(pruner, dense ? Map.of() : prunerOptions,
              dense ? null : maskMode), seed, epochs), dense ? TopologyUpdater.STATIC : dst);
    });
  }

  /** The preset's cells: its grids (data, see {@link SweepPresets}) with the command line's other defaults. */
  private List<SweepCell> presetCells() {
    // The hyper-parameters are whatever the shared mixin declares, so a new train option is covered too.
    Set<String> presetOwned = new LinkedHashSet<>(SweepPresets.GRID_OPTIONS);
    spec.mixins().get("hyper").options().forEach(o -> presetOwned.add(o.longestName()));
    List<String> given = new ArrayList<>();
    spec.commandLine().getParseResult().matchedOptions().forEach(o -> {
      if (presetOwned.contains(o.longestName())) {
        given.add(o.longestName());
      }
    });
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("--preset " + preset + " sets the grid and the training options; drop "
          + String.join(", ", given) + " (the preset is: " + SweepPresets.describe(preset) + ")");
    }
    List<SweepCell> all = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (SweepPresets.Part part : SweepPresets.parts(preset)) {
      for (SweepCell c : cells(part.grid(), part.epochs())) {
        if (ids.add(c.id())) {
          all.add(c);
        }
      }
    }
    return all;
  }

  /** Each cell with its backend resolved, checked against what its allocator, pruner and evaluation need. */
  private static List<SweepCell> resolveBackends(BackendRegistry registry, EvalSettings settings,
      List<SweepCell> cells) {
    Map<String, SparseBackendProvider> providers = new LinkedHashMap<>();
    Set<String> checked = new LinkedHashSet<>();
    List<SweepCell> out = new ArrayList<>();
    for (SweepCell c : cells) {
      RunConfig config = c.config();
      SparseBackendProvider p = providers.computeIfAbsent(String.valueOf(config.backend()),
          k -> registry.select(config.backend()));
      if (checked.add(p.id() + "/" + config.allocator() + "/" + config.pruner() + "/" + config.dstName())) {
        Capabilities.check(registry, p, Allocators.get(config.allocator(), config.allocatorOptions()),
            config.dense() ? null : Pruners.get(config.pruner(), config.prunerOptions()),
            config.topology() == null ? null
                : TopologyUpdaters.get(config.topology().updater(), config.topology().options()),
            settings);
      }
      out.add(new SweepCell(c.id(), config.withBackend(p.id())));
    }
    return out;
  }

  private Map<String, Object> describe(List<SweepCell> cells) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "sparse4j-sweep");
    m.put("version", 1);
    m.put("preset", preset);
    m.put("executor", executor.trim().toLowerCase(Locale.ROOT));
    m.put("cells", cells.stream().map(c -> Map.of("id", c.id(), "config", c.config())).toList());
    return m;
  }

  /** Refuses a grid option that was given but parsed to no value ({@code --sparsities ,}), instead of the default. */
  private void requireValues(String option) {
    if (spec == null || spec.commandLine().getParseResult() == null) {
      return;
    }
    CommandLine.Model.OptionSpec o = spec.findOption(option);
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (o != null && parsed.hasMatchedOption(o)) {
      Object value = o.getValue();
      if (value == null || (value instanceof List<?> l && l.isEmpty())) {
        throw new IllegalArgumentException(option + " needs at least one value, got '"
            + String.join(" ", parsed.matchedOption(option).stringValues()) + "'");
      }
    }
  }

  /** The default only when the option was not given: {@code --sparsities ,} parses to nothing and is refused. */
  private static <T> List<T> or(List<T> given, List<T> otherwise) {
    return given == null ? otherwise : given;
  }

  /** Each name as {@code canonical} spells it; blank entries (e.g. {@code "erk,"}) are refused. */
  private static List<String> canonical(String option, List<String> names, java.util.function.UnaryOperator<String>
      canonical) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException(option + " has an empty entry in '" + String.join(",", names)
            + "'; list the values separated by commas");
      }
      out.add(canonical.apply(n));
    }
    return out;
  }
}
