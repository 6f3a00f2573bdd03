package dev.sparse4j.cli;

import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.runner.ProgressListener;
import dev.sparse4j.runner.TrainingRun;
import dev.sparse4j.runner.report.RunConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sparse4j train}: train a randomly pruned (or dense) network from scratch and evaluate it. */
@Command(
    name = "train",
    sortOptions = false,
    description = {
        "Prune a network at initialisation (at random, or with a score pruner: magnitude, snip, grasp, synflow), train"
            + " it sparse from scratch (static masks, or dynamic with --dst set|rigl) and evaluate accuracy, calibration (ECE, NLL, Brier), OOD"
            + " detection (MNIST digits vs Fashion-MNIST: msp, maxLogit, energy, ODIN) and adversarial robustness"
            + " (FGSM and PGD accuracy).",
        "Writes report.json, weights.npz, masks.s4jm, masks.npz, plots (reliability, densities, training) and"
            + " checkpoints into --out. Progress goes to standard error, the summary to standard output."},
    footer = {
        "%nExamples:",
        "  sparse4j train --model resnet20 --allocator erk --sparsity 0.9 --epochs 10 --out runs/r20-erk-0.9",
        "  sparse4j train --sparsity 0 --epochs 10 --out runs/r20-dense",
        "  sparse4j train --model mlp --sparsity 0.98 --epochs 5 --lr 0.05 --schedule cosine --out runs/mlp",
        "  sparse4j train --out runs/r20-erk-0.9 --resume",
        "  sparse4j train --allocator snip-ratio --sparsity 0.9 --out runs/r20-snip-ratio-0.9",
        "  sparse4j train --allocator uniform --pruner snip --pruner-option batches=2 --out runs/r20-snip-0.9",
        "  sparse4j train --model mlp --sparsity 0.95 --dst rigl --epochs 5 --out runs/mlp-rigl-0.95",
        "  sparse4j train --model mlp --eps 2/255,8/255,0.1 --robustness-examples all --out runs/mlp-robust",
        "  sparse4j train --model resnet20 --width 2 --flip --crop-padding 2 --save-logits --out runs/r20w2",
        "  sparse4j train --backend sparse-cpu --model mlp-2x100000 --sparsity 0.999 --epochs 1 --out runs/huge"})
final class TrainCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Run directory (created; must be new or empty, or hold a run of the same configuration).")
  private Path out;

  @Option(names = "--backend", paramLabel = "ID",
      description = "Backend, e.g. djl-pytorch (default: -Dsparse4j.backend, SPARSE4J_BACKEND, else the highest"
          + " priority available; list: sparse4j backends).")
  private String backend;

  @Option(names = "--model", defaultValue = "resnet20", paramLabel = "NAME",
      description = "Model (default: ${DEFAULT-VALUE}; list: sparse4j models).")
  private String model;

  @Option(names = "--width", defaultValue = "1", paramLabel = "W",
      description = "Width multiplier (default: ${DEFAULT-VALUE}).")
  private double width;

  @Option(names = "--allocator", defaultValue = "erk", paramLabel = "NAME",
      description = "Density allocator (default: ${DEFAULT-VALUE}; dense = the dense baseline; snip-ratio,"
          + " grasp-ratio, synflow-ratio, magnitude-ratio take a score pruner's per-layer densities; list: sparse4j"
          + " allocators).")
  private String allocator;

  @Option(names = "--allocator-option", paramLabel = "KEY=VALUE",
      description = "Allocator option, repeatable (e.g. power-scale=0.5).")
  private Map<String, String> allocatorOptions = new LinkedHashMap<>();

  @Option(names = "--sparsity", paramLabel = "S",
      description = "Fraction of prunable weights removed, in [0, 1) (default: 0.9; 0 or --allocator dense trains"
          + " the dense baseline).")
  private Double sparsity;

  @Option(names = "--pruner", defaultValue = "random", paramLabel = "NAME",
      description = "Pruner choosing the kept positions: random, magnitude, snip, grasp, synflow or one on the"
          + " class path (default: ${DEFAULT-VALUE}).")
  private String pruner;

  @Option(names = "--mask-mode", paramLabel = "MODE",
      description = "Random pruner: exact (round(d·n) weights per layer, default) or bernoulli (paper-faithful).")
  private String maskMode;

  @Option(names = "--pruner-option", paramLabel = "KEY=VALUE",
      description = "Pruner option, repeatable (e.g. batches=2, layer-wise=true, collapse=error).")
  private Map<String, String> prunerOptions = new LinkedHashMap<>();

  @Option(names = "--dst", defaultValue = "static", paramLabel = "NAME",
      description = "Dynamic sparse training: static (the mask stays as pruned, default), set (drop the smallest |w|, "
          + "grow at random), rigl (grow the largest dense |gradient|) or a plug-in's; schedule: --dst-interval, "
          + "--dst-fraction, --dst-end. List: sparse4j pruners.")
  private String dst;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed of initialisation, masks, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Mixin
  private HyperparameterOptions hyper = new HyperparameterOptions();

  @Mixin
  private ResourceOptions resources = new ResourceOptions();

  @Mixin
  private EvalOptions evalOptions = new EvalOptions();

  @Option(names = "--save-logits", description = "Also write logits.npz (test and OOD logits, test labels).")
  private boolean saveLogits;

  @Option(names = "--resume", description = "Continue the interrupted run in --out from its last checkpoint.")
  private boolean resume;

  @Option(names = "--force", description = "Replace whatever run is in --out (only the run's own files are removed).")
  private boolean force;

  @Option(names = "--kept-entries", description = "Hold masks, weights and optimizer state as kept entries only"
      + " (backend sparse-cpu; random pruner, an allocator that plans from shapes, --dst set only; checkpoints hold kept entries): the"
      + " masked weights are written as SciPy CSR files in weights-csr/. A model too large to be dense uses it by"
      + " itself on such a backend.")
  private boolean keptEntries;

  @Override
  public Integer call() throws Exception {
    RunConfig config = config();
    TrainingRun.Options options = new TrainingRun.Options(out, resume, force, resources.dataDir(),
        resources.threads(), saveLogits, evalOptions.settings(), "", resources.backendOptions(), keptEntries);
    new TrainingRun(root.registry(), spec.commandLine().getOut(), spec.commandLine().getErr(),
        ProgressListener.stderrIsTerminal()).run(config, options);
    return 0;
  }

  /** The run configuration from the options; the dense allocator defaults to sparsity 0. */
  RunConfig config() {
    double s = sparsity != null ? sparsity : allocator.equals(DenseAllocator.NAME) ? 0.0 : 0.9;
    return hyper.withDst(hyper.config(backend, model, width, allocator, allocatorOptions, s, pruner,
        HyperparameterOptions.prunerOptions(pruner, prunerOptions, maskMode), seed), dst);
  }
}
