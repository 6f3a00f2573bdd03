package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.spi.SparseBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option validation of {@code train}: every bad value gets one line that says what is wrong. */
class TrainCommandTest {
  private static final SparseBackendProvider[] FAKE = {new FakeBackend.Provider()};

  @TempDir
  Path tmp;
  private Path data;

  @BeforeEach
  void data() throws IOException {
    data = TestData.create(tmp.resolve("data"), 40, 20);
  }

  private CliRunner.Result train(String... args) {
    List<String> all = new ArrayList<>(List.of("train", "--backend", "fake", "--data-dir", data.toString()));
    all.addAll(List.of(args));
    return CliRunner.run(FAKE, all.toArray(String[]::new));
  }

  private String out(String name) {
    return tmp.resolve(name).toString();
  }

  private static void usageError(CliRunner.Result r, String... parts) {
    assertEquals(2, r.exit(), r.err());
    String first = r.errLines().get(0);
    assertTrue(first.startsWith("sparse4j train: error: "), r.err());
    for (String p : parts) {
      assertTrue(first.contains(p), "expected '" + p + "' in: " + r.err());
    }
  }

  /** Exit 1 and one error line (after any progress lines) holding every part. */
  private static void failure(CliRunner.Result r, String... parts) {
    assertEquals(1, r.exit(), r.err());
    List<String> errors = r.errLines().stream().filter(l -> l.startsWith("sparse4j train: error: ")).toList();
    assertEquals(1, errors.size(), r.err());
    for (String p : parts) {
      assertTrue(errors.get(0).contains(p), "expected '" + p + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void outIsRequired() {
    CliRunner.Result r = CliRunner.run(FAKE, "train", "--model", "mlp");
    usageError(r, "Missing required option: '--out=DIR'");
    assertTrue(r.err().contains("Usage: sparse4j train"), r.err());
  }

  @Test
  void badSparsity() {
    usageError(train("--sparsity", "1.5", "--out", out("r")), "sparsity must be in [0, 1), got 1.5");
    usageError(train("--sparsity", "-0.1", "--out", out("r")), "sparsity must be in [0, 1), got -0.1");
    usageError(train("--sparsity", "lots", "--out", out("r")), "Invalid value for option '--sparsity'");
    assertFalse(Files.exists(tmp.resolve("r")), "nothing is created for a bad command line");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    usageError(train("--model", "alexnet", "--out", out("r")), "unknown model 'alexnet'", "resnet20", "mlp");
    usageError(train("--allocator", "magic", "--out", out("r")), "magic", "erk", "uniform");
    usageError(train("--pruner", "oracle", "--out", out("r")), "oracle", "random");
    usageError(train("--dataset", "imagenet", "--out", out("r")), "unknown dataset 'imagenet'", "fashion-mnist");
    usageError(train("--schedule", "linear", "--out", out("r")), "unknown learning-rate schedule 'linear'", "cosine");
    usageError(train("--optimizer", "rmsprop", "--out", out("r")), "unknown optimizer 'rmsprop'", "sgd or adam");
  }

  @Test
  void unknownOrMissingBackendListsWhatIsInstalled() {
    CliRunner.Result r = CliRunner.run(FAKE, "train", "--backend", "nope", "--data-dir", data.toString(),
        "--out", out("r"));
    failure(r, "nope", "fake");
    r = CliRunner.run("train", "--data-dir", data.toString(), "--out", out("r"));
    failure(r, "No sparse4j backend is installed");
    assertTrue(r.err().contains("dev.sparse4j:backend-djl-pytorch"), "names the dependency to add: " + r.err());
  }

  @Test
  void badTrainingValues() {
    usageError(train("--epochs", "0", "--out", out("r")), "epochs must be ≥ 1, got 0");
    usageError(train("--lr", "-1", "--out", out("r")), "learning rate must be a finite number > 0, got -1.0");
    usageError(train("--batch-size", "0", "--out", out("r")), "batch size must be ≥ 1, got 0");
    usageError(train("--momentum", "0", "--out", out("r")), "--no-nesterov");
    usageError(train("--crop-padding", "-2", "--out", out("r")), "crop padding must be ≥ 0");
    usageError(train("--width", "0", "--out", out("r")), "--width must be a finite number > 0");
    usageError(train("--threads", "0", "--out", out("r")), "--threads must be ≥ 1, got 0");
    usageError(train("--mask-mode", "exact", "--pruner-option", "mode=bernoulli", "--out", out("r")),
        "--mask-mode exact contradicts --pruner-option mode=bernoulli");
    usageError(train("--mask-mode", "sometimes", "--model", "mlp", "--out", out("r")), "exact or bernoulli");
    usageError(train("--allocator", "dense", "--sparsity", "0.5", "--out", out("r")), "only density 1.0");
    usageError(train("--model", "mlp", "--resume", "--force", "--out", out("r")), "give one");
  }

  @Test
  void nonEmptyOrBadOutIsRefused() throws IOException {
    Path junk = Files.createDirectories(tmp.resolve("junk"));
    Files.writeString(junk.resolve("notes.txt"), "mine");
    CliRunner.Result r = train("--model", "mlp", "--out", junk.toString());
    failure(r, "is not empty and holds no sparse4j run (found notes.txt)", "--force");
    assertEquals("mine", Files.readString(junk.resolve("notes.txt")), "nothing was touched");

    Path file = Files.writeString(tmp.resolve("afile"), "x");
    failure(train("--model", "mlp", "--out", file.toString()), "is a file");

    failure(train("--model", "mlp", "--resume", "--out", out("fresh")), "nothing to resume",
        "run without --resume");
  }

  /**
   * A run killed while writing its first file atomically leaves only that file's temporary (and the lock): the next
   * train removes it and starts, instead of calling the directory someone else's.
   */
  @Test
  void aKilledFirstWriteDoesNotBlockTheNextRun() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("killed-early"));
    Files.writeString(out.resolve(".config.json.2rx3i2c4f8712.tmp"), "{\"half");
    CliRunner.Result r = train("--model", "mlp", "--epochs", "1", "--no-robustness", "--no-odin", "--out",
        out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("report.json")));
    assertFalse(Files.exists(out.resolve(".config.json.2rx3i2c4f8712.tmp")), "the stale temporary is gone");
  }

  @Test
  void missingDataNamesTheInstallCommand() {
    Path empty = tmp.resolve("no-data");
    CliRunner.Result r = CliRunner.run(FAKE, "train", "--backend", "fake", "--model", "mlp", "--data-dir",
        empty.toString(), "--out", out("r"));
    failure(r, "is not installed", "scripts/install-data.sh --data-dir " + empty.toAbsolutePath());
  }

  @Test
  void badEvaluationValues() {
    usageError(train("--model", "mlp", "--eps", "abc", "--out", out("r")),
        "--eps entry 'abc' is not a number or a fraction", "8/255 or 0.1");
    usageError(train("--model", "mlp", "--eps=-0.1", "--out", out("r")), "--eps entry '-0.1' is negative");
    usageError(train("--model", "mlp", "--eps", "8/255,-1/255", "--out", out("r")), "'-1/255' is negative");
    usageError(train("--model", "mlp", "--eps", "8", "--out", out("r")), "'8' is above 1", "write 8/255, not 8");
    usageError(train("--model", "mlp", "--eps", "8/0", "--out", out("r")), "'8/0' divides by zero");
    usageError(train("--model", "mlp", "--eps", "8/255,,0.1", "--out", out("r")), "has an empty entry");
    usageError(train("--model", "mlp", "--eps", "0.1,1/10", "--out", out("r")), "lists the radius 1/10 twice");
    usageError(train("--model", "mlp", "--pgd-l2-eps", "abc", "--out", out("r")),
        "--pgd-l2-eps entry 'abc' is not a number or a fraction", "L2 norms of the perturbation like 0.5 or 2");
    usageError(train("--model", "mlp", "--pgd-l2-eps=-1", "--out", out("r")), "--pgd-l2-eps entry '-1' is negative");
    usageError(train("--model", "mlp", "--pgd-l2-eps", "1,,2", "--out", out("r")), "--pgd-l2-eps '1,,2' has an empty"
        + " entry");
    usageError(train("--model", "mlp", "--pgd-l2-eps", "0.5,1/2", "--out", out("r")), "--pgd-l2-eps lists the radius"
        + " 1/2 twice");
    usageError(train("--model", "mlp", "--pgd-l2-eps", "1", "--no-robustness", "--out", out("r")),
        "--pgd-l2-eps asks for an attack but --no-robustness turns attacks off");
    usageError(train("--model", "mlp", "--robustness-examples", "0", "--out", out("r")),
        "--robustness-examples must be ≥ 1 or 'all', got 0");
    usageError(train("--model", "mlp", "--robustness-examples", "lots", "--out", out("r")),
        "--robustness-examples must be a whole number ≥ 1 or 'all', got 'lots'");
    usageError(train("--model", "mlp", "--pgd-steps", "0", "--out", out("r")), "--pgd-steps must be ≥ 1, got 0");
    assertFalse(Files.exists(tmp.resolve("r")), "nothing is created for a bad command line");
  }

  @Test
  void unknownPrunerListsTheKnownOnes() {
    usageError(train("--model", "mlp", "--pruner", "oracle", "--out", out("r")), "oracle", "random", "magnitude",
        "snip", "grasp", "synflow");
    usageError(train("--model", "mlp", "--allocator", "snip-ratio", "--allocator-option", "batches=0", "--out",
        out("r")), "snip-ratio", "batches");
    usageError(train("--model", "mlp", "--pruner", "snip", "--pruner-option", "layer-wise=maybe", "--out", out("r")),
        "layer-wise");
  }

  private CliRunner.Result trainBasic(String... args) {
    List<String> all = new ArrayList<>(List.of("train", "--backend", FakeBackend.BASIC_ID, "--data-dir",
        data.toString(), "--model", "mlp", "--epochs", "1"));
    all.addAll(List.of(args));
    return CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider(), FakeBackend.Provider.basic()},
        all.toArray(String[]::new));
  }

  @Test
  void missingCapabilitiesAreNamedBeforeAnythingRuns() {
    // fake-basic has TRAIN only: no parameter gradients (score pruners), no input gradients (attacks, ODIN).
    failure(trainBasic("--allocator", "snip-ratio", "--no-robustness", "--no-odin", "--out", out("a")),
        "backend 'fake-basic' does not support PARAM_GRADIENTS", "allocator 'snip-ratio'", "pruner 'snip'",
        "--allocator erk", "use a backend that supports it: fake");
    failure(trainBasic("--pruner", "snip", "--no-robustness", "--no-odin", "--out", out("b")),
        "does not support PARAM_GRADIENTS, which pruner 'snip'", "--pruner random or magnitude");
    failure(trainBasic("--out", out("c")), "does not support INPUT_GRADIENTS, which robustness (FGSM, PGD) and ODIN",
        "add --no-robustness --no-odin to skip them");
    failure(trainBasic("--no-odin", "--out", out("d")), "which robustness (FGSM, PGD) needs",
        "add --no-robustness to skip it");
    for (String d : List.of("a", "b", "c", "d")) {
      assertFalse(Files.exists(tmp.resolve(d)), "nothing is created when a capability is missing: " + d);
    }
    CliRunner.Result ok = trainBasic("--no-robustness", "--no-odin", "--out", out("e"));
    assertEquals(0, ok.exit(), ok.err());
  }

  /** --backend-option reaches the backend; an unknown key is refused before anything is read or written. */
  @Test
  void backendOptionsReachTheBackendAndUnknownOnesAreRefusedFirst() throws IOException {
    CliRunner.Result ok = train("--model", "mlp", "--epochs", "1", "--no-robustness", "--no-odin",
        "--backend-option", "tag=blue", "--out", out("tagged"));
    assertEquals(0, ok.exit(), ok.err());
    String report = java.nio.file.Files.readString(tmp.resolve("tagged").resolve("report.json"));
    assertTrue(report.contains("\"tag\" : \"blue\""), "the option shows in the backend's versions: " + report);

    CliRunner.Result bad = train("--model", "mlp", "--epochs", "1", "--no-robustness", "--no-odin",
        "--backend-option", "colour=blue", "--out", out("bad"));
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("[colour]"), bad.err());
    assertFalse(bad.err().contains("loading"), "refused before the data is read: " + bad.err());
    assertFalse(Files.exists(tmp.resolve("bad")), "a refused run leaves no directory");
    usageError(train("--model", "mlp", "--backend-option", "threads=2", "--out", out("t")),
        "--backend-option threads=2: use --threads 2");
  }
}
