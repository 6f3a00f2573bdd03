package dev.sparse4j.cli;

import dev.sparse4j.cli.internal.Table;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.io.data.MissingDataException;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.ProgressListener;
import dev.sparse4j.runner.RunException;
import dev.sparse4j.runner.RunReport;
import dev.sparse4j.runner.TrainingRun;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.RunConfig;
import java.io.IOException;
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
 * {@code sparse4j demo}: the paper's comparison in a few minutes. Installs the data if needed, trains a dense and an
 * ERK 90 %-sparse ResNet-20 on Fashion-MNIST with a short schedule, and prints them side by side.
 */
@Command(
    name = "demo",
    sortOptions = false,
    description = {
        "Install the data if missing, train a dense and an ERK-90%%-sparse (random pruning) ResNet-20 on Fashion-MNIST"
            + " with a short schedule, and compare density, accuracy, calibration (ECE, NLL) and OOD detection"
            + " (MNIST digits; msp, energy and ODIN) and FGSM accuracy at 8/255 side by side. About 7 minutes on 2 CPU"
            + " cores with djl-pytorch.",
        "Each run is a full train run directory (report.json, weights, masks, plots) under --out."},
    footer = {
        "%nExamples:",
        "  sparse4j demo",
        "  sparse4j demo --epochs 1 --train-limit 20000 --out runs/demo-quick",
        "  sparse4j demo --epochs 5 --out runs/demo-long"})
final class DemoCommand implements Callable<Integer> {
  // The short schedule, from measurements on an idle 2-core machine with djl-pytorch: ~0.2 s per ResNet-20 step
  // (batch 128, 1×28×28); 2 epochs of 45,000 images (704 steps per run) took 5m03s for the whole demo, so 2 epochs
  // of all 60,000 (938 steps per run) come to about 6.5 minutes.
  /** Default number of epochs. */
  static final int DEFAULT_EPOCHS = 2;
  /** Default training subset per epoch (0 = all 60,000 images). */
  static final int DEFAULT_TRAIN_LIMIT = 0;
  /** Base learning rate of the short schedule. */
  static final double LR = 0.05;
  /** Cosine decay per epoch (0.05, then 0.025 with two epochs). */
  static final String SCHEDULE = "cosine";
  static final String MODEL = "resnet20";
  static final double SPARSITY = 0.9;
  /**
   * What the demo evaluates besides accuracy, calibration and the logit OOD scores: ODIN on the 10,000 + 10,000
   * images and FGSM at 8/255 on the first 500 test images (no PGD: ten times FGSM's cost). Measured with a short
   * run (ResNet-20, 2,000 training and 2,000 test images) relative to the training step on the same, busy machine:
   * an ODIN example costs ~0.7 training examples, so ~20 s per model at the idle ~0.2 s per step of 128; FGSM on 500
   * images ~1 s. Together ~45 s more for the demo.
   */
  static final EvalSettings EVAL = new EvalSettings(500, true, 500, EvalSettings.parseEps("8/255"), false,
      EvalSettings.DEFAULT_PGD_STEPS, true);

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR",
      description = "Parent of the run directories dense/ and erk-0.9/ (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--epochs", defaultValue = "" + DEFAULT_EPOCHS, paramLabel = "N",
      description = "Epochs per run (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--train-limit", defaultValue = "" + DEFAULT_TRAIN_LIMIT, paramLabel = "N",
      description = "Training images per epoch, 0 = all 60,000 (default: ${DEFAULT-VALUE}).")
  private int trainLimit;

  @Option(names = "--backend", paramLabel = "ID", description = "Backend (default: the default selection).")
  private String backend;


  @Mixin
  private ResourceOptions resources = new ResourceOptions();

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DataDirectory data = DataDirectory.resolve(resources.dataDir());
    installDataIfMissing(data, stdout, err);

    String schedule = String.format(Locale.ROOT, "%s on %s Fashion-MNIST training images, %d epoch%s, batch 128, SGD"
            + " (Nesterov momentum 0.9, weight decay 5e-4) at learning rate %s with %s decay per epoch, seed 0", MODEL,
        trainLimit == 0 ? "all 60,000" : "the first " + Format.count(trainLimit), epochs, epochs == 1 ? "" : "s",
        Format.number(LR), SCHEDULE);
    stdout.println("sparse4j demo: dense vs ERK " + (int) Math.round(SPARSITY * 100) + "%-sparse (random pruning) "
        + MODEL);
    stdout.println("Schedule: " + schedule + " (change with --epochs, --train-limit)");
    stdout.flush();

    TrainingRun runner = new TrainingRun(root.registry(), stdout, err, ProgressListener.stderrIsTerminal());
    List<String> names = List.of("dense", "erk-" + SPARSITY);
    List<TrainingRun.Outcome> outcomes = new ArrayList<>();
    for (String name : names) {
      double sparsity = name.equals("dense") ? 0.0 : SPARSITY;
      RunConfig config = RunConfig.builder().backend(backend).model(MODEL).sparsity(sparsity).epochs(epochs)
          .learningRate(LR).schedule(SCHEDULE).trainLimit(trainLimit).build();
      // The demo owns these directories: a previous demo (of any schedule) is replaced.
      TrainingRun.Options options = new TrainingRun.Options(out.resolve(name), false, true, data.path(),
          resources.threads(), false, EVAL, "[" + name + "] ");
      stdout.println();
      stdout.flush();
      outcomes.add(runner.run(config, options));
    }

    List<String> header = new ArrayList<>(List.of("run", "density", "params kept", "accuracy", "ECE", "NLL",
        "AUROC msp", "AUROC energy"));
    if (EVAL.odin()) {
      header.add("AUROC odin");
    }
    if (EVAL.robustness()) {
      header.add("FGSM " + EVAL.eps().get(0).label());
    }
    header.add("wall time");
    int[] right = new int[header.size() - 1];
    for (int i = 0; i < right.length; i++) {
      right[i] = i + 1;
    }
    Table t = new Table(header.toArray(String[]::new)).alignRight(right);
    for (int i = 0; i < names.size(); i++) {
      RunReport r = outcomes.get(i).report();
      var c = r.evaluation().classification();
      OodReport ood = r.evaluation().ood("mnist");
      long total = r.spec().parameterCount();
      long kept = total - r.plan().totalParams() + r.prunableKept();
      List<String> cells = new ArrayList<>(List.of(names.get(i), Format.fraction(r.totalDensity()),
          Format.count(kept) + " / " + Format.count(total), Format.fraction(c.accuracy()), Format.fraction(c.ece()),
          Format.fraction(c.nll()), Format.fraction(ood.get("msp").auroc()), Format.fraction(ood.get("energy").auroc())));
      if (EVAL.odin()) {
        cells.add(Format.fraction(ood.get("odin").auroc()));
      }
      if (EVAL.robustness()) {
        cells.add(Format.fraction(r.result().robustness().get("fgsm").points().get(0).accuracy()));
      }
      cells.add(Format.duration(r.wallSeconds()));
      t.row(cells.toArray(String[]::new));
    }
    stdout.println();
    stdout.println("Fashion-MNIST test set (10,000 images); OOD = 10,000 MNIST digits (ODIN: T = 1000, ε = 0.0014);"
        + " FGSM = accuracy under FGSM at ε = " + EVAL.eps().get(0).label() + " on the first "
        + Format.count(EVAL.robustnessExamples()) + " test images; density over conv + linear weights:");
    stdout.print(t.render());
    stdout.println();
    stdout.println("Schedule: " + schedule + ".");
    stdout.println("Runs: " + out.resolve("dense") + ", " + out.resolve(names.get(1))
        + " (report.json, weights.npz, masks.s4jm; plots reliability.png, densities.png, training.png)");
    stdout.println("Total time " + Format.duration((System.nanoTime() - start) / 1e9) + ". Longer runs: sparse4j train"
        + " --sparsity 0.9 --epochs 10 --out runs/r20-erk-0.9 (see sparse4j train --help).");
    stdout.flush();
    return 0;
  }

  /** Runs {@code scripts/install-data.sh} when Fashion-MNIST or the MNIST digits are missing. */
  private static void installDataIfMissing(DataDirectory data, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    try {
      data.check();
      return;
    } catch (MissingDataException e) {
      err.println("The data is not installed in " + data.path() + " (" + data.source() + "); installing it.");
      err.flush();
    }
    Path script = findInstallScript();
    if (script == null) {
      throw new RunException("the data is not installed in " + data.path() + " and the install script was not found"
          + " (-Dsparse4j.home is " + (System.getProperty("sparse4j.home") == null ? "not set"
              : System.getProperty("sparse4j.home")) + "); from the sparse4j repository run: "
          + data.installCommand() + ", then run the demo again");
    }
    out.flush();
    err.flush();
    Process p = new ProcessBuilder("bash", script.toString(), "--data-dir", data.path().toString())
        .inheritIO().start();
    int code = p.waitFor();
    if (code != 0) {
      throw new RunException(script + " failed with exit code " + code + "; fix what it reported and run it again: "
          + script + " --data-dir " + data.path());
    }
    data.check();
  }

  /** {@code <sparse4j.home>/scripts/install-data.sh}, else {@code ./scripts/install-data.sh}, else null. */
  static Path findInstallScript() {
    String home = System.getProperty("sparse4j.home");
    List<Path> candidates = new ArrayList<>();
    if (home != null && !home.isBlank()) {
      candidates.add(Path.of(home).resolve(DataDirectory.INSTALL_SCRIPT));
    }
    candidates.add(Path.of(DataDirectory.INSTALL_SCRIPT).toAbsolutePath());
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    return null;
  }
}
