package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.io.MaskFile;
import dev.sparse4j.io.MaskFileContents;
import dev.sparse4j.io.MaskNpz;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.NpyDtype;
import dev.sparse4j.io.Npz;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code train} → files → {@code eval} pipeline on a pure-Java fake backend and a small fake data
 * directory in the real file formats: what report.json holds, that the files agree with each other, and the rules
 * for reusing an output directory.
 */
class TrainPipelineTest {
  private static final SparseBackendProvider[] FAKE = {new FakeBackend.Provider()};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  private Path data;

  @BeforeEach
  void data() throws IOException {
    data = TestData.create(tmp.resolve("data"), 300, 100);
  }

  private CliRunner.Result run(String... args) {
    return CliRunner.run(FAKE, args);
  }

  /** {@code train} of an MLP for 2 epochs (unless {@code more} sets --epochs) on the fake backend. */
  private String[] train(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--backend", "fake", "--data-dir", data.toString(), "--model",
        "mlp", "--batch-size", "64", "--out", out.toString()));
    a.addAll(List.of(more));
    if (!a.contains("--epochs")) {
      a.addAll(List.of("--epochs", "2"));
    }
    return a.toArray(String[]::new);
  }

  @Test
  void sparseRunWritesAConsistentReportAndFiles() throws IOException {
    Path out = tmp.resolve("runs/mlp-erk");
    CliRunner.Result r = run(train(out, "--save-logits", "--sparsity", "0.8"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("test accuracy") && r.out().contains("OOD mnist: AUROC msp"), r.out());
    assertTrue(r.err().contains("epoch 2/2: loss"), "progress on stderr: " + r.err());

    for (String f : List.of("report.json", "config.json", "weights.npz", "masks.s4jm", "masks.npz", "logits.npz",
        "reliability.png", "densities.png", "training.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals("sparse4j-run-report", rep.get("format").asText());
    JsonNode cfg = rep.get("config");
    assertEquals("fake", cfg.get("backend").asText());
    assertEquals("mlp", cfg.get("model").asText());
    assertEquals(0.8, cfg.get("sparsity").asDouble());
    assertEquals(0.2, cfg.get("density").asDouble(), 0.0, "1 − 0.8 in decimal");
    assertEquals("erk", cfg.get("allocator").asText());
    assertEquals("exact", cfg.get("prunerOptions").get("mode").asText());
    assertEquals(2, cfg.get("epochs").asInt());
    assertTrue(cfg.get("saveLogits").asBoolean());
    assertEquals("fake", rep.get("provenance").get("backend").asText());
    assertEquals("1.0", rep.get("provenance").get("versions").get("fake").asText(), "backend versions recorded");
    assertEquals(0.8, rep.get("provenance").get("config").get("sparsity").asDouble());

    // Normalisation: the training set's mean/std, recorded so eval rebuilds the same model.
    assertEquals(1, rep.get("model").get("normMean").size());
    assertTrue(rep.get("model").get("normStd").get(0).asDouble() > 0);

    MaskSet masks = MaskNpz.read(out.resolve("masks.npz"));
    MaskFileContents s4jm = MaskFile.read(out.resolve("masks.s4jm"));
    assertEquals(masks, s4jm.masks(), "the two mask files hold the same masks");
    assertEquals("erk", s4jm.metadata().allocator());
    assertEquals("random", s4jm.metadata().pruner());
    assertEquals("mlp", s4jm.metadata().extra().get("model"));

    long kept = 0;
    long params = 0;
    JsonNode layers = rep.get("layers");
    assertEquals(List.of("fc1.weight", "fc2.weight", "fc3.weight"),
        List.of(layers.get(0).get("name").asText(), layers.get(1).get("name").asText(),
            layers.get(2).get("name").asText()));
    Map<String, NpyArray> weights = Npz.read(out.resolve("weights.npz"));
    for (JsonNode l : layers) {
      String name = l.get("name").asText();
      int n = l.get("params").asInt();
      long k = l.get("kept").asLong();
      assertEquals(Math.round(l.get("targetDensity").asDouble() * n), k, name + ": kept = round(d·n)");
      assertEquals((double) k / n, l.get("density").asDouble(), 1e-15, name);
      Mask m = masks.get(name);
      assertEquals(k, m.kept(), name);
      NpyArray w = weights.get(name);
      assertEquals(NpyDtype.FLOAT32, w.dtype());
      assertArrayEquals(m.shape(), w.shape(), name);
      float[] v = w.floats();
      for (int i = 0; i < v.length; i++) {
        if (!m.isKept(i)) {
          assertEquals(0.0f, v[i], name + "[" + i + "] is pruned");
        }
      }
      kept += k;
      params += n;
    }
    assertEquals(Set.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"),
        weights.keySet());
    assertEquals(params, rep.get("params").get("prunable").asLong());
    assertEquals(kept, rep.get("params").get("prunableKept").asLong());
    assertEquals(266_610, rep.get("params").get("total").asLong());
    assertEquals(266_610 - params + kept, rep.get("params").get("kept").asLong());
    assertEquals((double) kept / params, rep.get("totalDensity").asDouble(), 1e-15);
    assertEquals(0.2, rep.get("totalDensity").asDouble(), 3.0 / params, "±1 weight per layer");
    assertEquals(784L * 300 + 300 * 100 + 100 * 10, rep.get("flops").get("dense").asLong());
    assertEquals(kept, rep.get("flops").get("sparse").asLong(), "an MLP uses each kept weight once");
    assertTrue(rep.get("flops").get("note").asText().startsWith("theoretical"));

    JsonNode history = rep.get("history");
    assertEquals(2, history.size());
    assertEquals(2, history.get(1).get("epoch").asInt());
    for (String k : List.of("loss", "trainAccuracy", "testAccuracy", "lr", "seconds")) {
      assertTrue(history.get(0).get(k).isNumber(), k);
    }
    JsonNode metrics = rep.get("metrics");
    for (String k : List.of("accuracy", "nll", "brier", "ece", "mce")) {
      assertTrue(metrics.get(k).isNumber(), k);
    }
    for (String score : List.of("msp", "maxLogit", "energy", "odin")) {
      for (String k : List.of("auroc", "auprIn", "auprOut", "fpr95")) {
        double v = metrics.get("ood").get("mnist").get(score).get(k).asDouble(-1);
        // AP sums many terms; it may end a few ulps above 1.
        assertTrue(v >= 0 && v <= 1 + 1e-12, score + "." + k + " = " + v);
      }
    }
    assertEquals(15, rep.get("reliability").get("table").size());
    assertTrue(rep.get("wallSeconds").asDouble() > 0);

    // Robustness by default: FGSM and PGD at 8/255 and 0.1 on the first min(2000, 100) test examples.
    JsonNode rob = metrics.get("robustness");
    assertEquals(100, rob.get("count").asInt());
    assertEquals(metrics.get("accuracy").asDouble(), rob.get("cleanAccuracy").asDouble(), 1e-12,
        "the same 100 examples without attack");
    assertEquals(0, rob.get("seed").asLong());
    JsonNode fgsm = rob.get("fgsm");
    JsonNode pgd = rob.get("pgd");
    assertEquals(2, fgsm.size());
    assertEquals(8 / 255.0, fgsm.get(0).get("eps").asDouble(), 0.0);
    assertEquals(0.1, fgsm.get(1).get("eps").asDouble(), 0.0);
    for (int i = 0; i < 2; i++) {
      assertEquals(1, fgsm.get(i).get("steps").asInt());
      assertEquals(fgsm.get(i).get("eps").asDouble(), fgsm.get(i).get("alpha").asDouble(), 0.0, "FGSM: α = ε");
      assertEquals(10, pgd.get(i).get("steps").asInt());
      assertEquals(pgd.get(i).get("eps").asDouble() / 4, pgd.get(i).get("alpha").asDouble(), 1e-15, "PGD: α = ε/4");
      for (JsonNode p : List.of(fgsm.get(i), pgd.get(i))) {
        double a = p.get("accuracy").asDouble(-1);
        assertTrue(a >= 0 && a <= 1, p.toString());
      }
    }
    assertEquals(List.of("8/255", "0.1"), List.of(cfg.get("eps").get(0).asText(), cfg.get("eps").get(1).asText()));
    assertTrue(cfg.get("odin").asBoolean() && cfg.get("robustness").asBoolean());
    assertEquals(2000, cfg.get("robustnessExamples").asInt());
    assertTrue(r.out().contains("FGSM accuracy (100 examples") && r.out().contains("ε 8/255"), r.out());
    assertTrue(r.err().contains("ODIN (T = 1000, ε = 0.0014)") && r.err().contains("pgd  ε = 0.1"), r.err());
    assertEquals("random", rep.get("pruning").get("pruner").asText());
    assertEquals(0, rep.get("pruning").get("guardedLayers").size());
    assertEquals(100, rep.get("data").get("test").get("used").asInt());
    assertEquals(50, rep.get("data").get("ood").get("mnist").get("size").asInt());

    // logits.npz agrees with the reported accuracy.
    Map<String, NpyArray> logits = Npz.read(out.resolve("logits.npz"));
    assertArrayEquals(new int[] {100, 10}, logits.get("test_logits").shape());
    assertEquals(NpyDtype.INT64, logits.get("test_labels").dtype());
    assertArrayEquals(new int[] {50, 10}, logits.get("ood_mnist_logits").shape());
    float[] z = logits.get("test_logits").floats();
    long[] y = logits.get("test_labels").longs();
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int c = 1; c < 10; c++) {
        if (z[i * 10 + c] > z[i * 10 + best]) {
          best = c;
        }
      }
      correct += best == y[i] ? 1 : 0;
    }
    assertEquals(correct / 100.0, metrics.get("accuracy").asDouble(), 1e-12);

    // eval rebuilds the model from the report and gets the same numbers.
    CliRunner.Result e = run("eval", "--run", out.toString(), "--data-dir", data.toString());
    assertEquals(0, e.exit(), e.err());
    JsonNode ev = JSON.readTree(out.resolve("eval.json").toFile());
    assertEquals(metrics.get("accuracy").asDouble(), ev.get("metrics").get("accuracy").asDouble(), 0.0);
    // The fake shifts its logits by 0.1 per training step, so only rounding may differ after a rebuild.
    assertEquals(metrics.get("ece").asDouble(), ev.get("metrics").get("ece").asDouble(), 1e-6);
    assertTrue(e.out().contains("accuracy") && e.out().contains("(report: "), e.out());
  }

  @Test
  void denseBaselineHasNoMasks() throws IOException {
    Path out = tmp.resolve("dense");
    CliRunner.Result r = run(train(out, "--allocator", "dense"));
    assertEquals(0, r.exit(), r.err());
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals(0.0, rep.get("config").get("sparsity").asDouble(), "--allocator dense means sparsity 0");
    assertFalse(rep.get("masked").asBoolean());
    assertEquals(1.0, rep.get("totalDensity").asDouble());
    assertEquals(rep.get("flops").get("dense"), rep.get("flops").get("sparse"));
    assertFalse(Files.exists(out.resolve("masks.s4jm")));
    assertFalse(Files.exists(out.resolve("logits.npz")), "only with --save-logits");
    for (JsonNode l : rep.get("layers")) {
      assertEquals(1.0, l.get("density").asDouble());
    }
    CliRunner.Result e = run("eval", "--run", out.toString(), "--data-dir", data.toString());
    assertEquals(0, e.exit(), e.err());
    assertTrue(e.out().contains("dense"), e.out());
  }

  @Test
  void outputDirectoryRules() throws IOException {
    Path out = tmp.resolve("run");
    assertEquals(0, run(train(out)).exit());
    Files.writeString(out.resolve("my-notes.txt"), "keep me");

    // Same configuration again: replaced (re-running reproduces it).
    CliRunner.Result again = run(train(out));
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.err().contains("replacing the previous run of the same configuration"), again.err());

    // Another configuration: refused, naming the differences; --force replaces it but keeps foreign files.
    CliRunner.Result other = run(train(out, "--seed", "7"));
    assertEquals(1, other.exit());
    assertTrue(other.err().contains("holds a run with another configuration (seed: 0 → 7)"), other.err());
    CliRunner.Result forced = run(train(out, "--seed", "7", "--force"));
    assertEquals(0, forced.exit(), forced.err());
    assertEquals("keep me", Files.readString(out.resolve("my-notes.txt")));

    // A finished run resumes to nothing new and is evaluated again.
    CliRunner.Result resumed = run(train(out, "--seed", "7", "--resume"));
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.err().contains("resuming the run in " + out + " after epoch 2"), resumed.err());

    // An interrupted run (no report) must be resumed or forced.
    Files.delete(out.resolve("report.json"));
    CliRunner.Result interrupted = run(train(out, "--seed", "7"));
    assertEquals(1, interrupted.exit());
    assertTrue(interrupted.err().contains("interrupted run of this configuration (checkpoint after epoch 2 of 2)")
        && interrupted.err().contains("--resume"), interrupted.err());
    CliRunner.Result mismatch = run(train(out, "--resume", "--epochs", "3", "--seed", "7"));
    assertEquals(1, mismatch.exit());
    assertTrue(mismatch.err().contains("cannot resume") && mismatch.err().contains("epochs: 2 → 3"), mismatch.err());
  }

  @Test
  void evalExplainsMissingPieces() throws IOException {
    CliRunner.Result r = run("eval", "--run", tmp.resolve("nowhere").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("run directory " + tmp.resolve("nowhere") + " does not exist"), r.err());
    r = run("eval", "--run", tmp.resolve("nowhere").toString(), "--threads", "0");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--threads must be ≥ 1, got 0"), r.err());

    Path out = tmp.resolve("run");
    assertEquals(0, run(train(out, "--epochs", "1")).exit());
    Files.delete(out.resolve("masks.s4jm"));
    r = run("eval", "--run", out.toString(), "--data-dir", data.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("has no masks.s4jm but the run is sparse"), r.err());
    Files.delete(out.resolve("weights.npz"));
    r = run("eval", "--run", out.toString(), "--data-dir", data.toString());
    assertTrue(r.err().contains("has no weights.npz"), r.err());
    Files.delete(out.resolve("report.json"));
    r = run("eval", "--run", out.toString());
    assertTrue(r.err().contains("has no report.json: it is not a finished sparse4j run")
        && r.err().contains("--resume"), r.err());
  }

  @Test
  void radiusZeroLeavesTheAccuracyAlone() throws IOException {
    Path out = tmp.resolve("eps0");
    CliRunner.Result r = run(train(out, "--epochs", "1", "--eps", "0,2/255", "--robustness-examples", "30",
        "--no-odin"));
    assertEquals(0, r.exit(), r.err());
    JsonNode m = JSON.readTree(out.resolve("report.json").toFile()).get("metrics");
    JsonNode rob = m.get("robustness");
    assertEquals(30, rob.get("count").asInt());
    for (String attack : List.of("fgsm", "pgd")) {
      assertEquals(0.0, rob.get(attack).get(0).get("eps").asDouble());
      assertEquals(rob.get("cleanAccuracy").asDouble(), rob.get(attack).get(0).get("accuracy").asDouble(), 0.0,
          attack + " at ε = 0 changes nothing");
      assertEquals(2 / 255.0, rob.get(attack).get(1).get("eps").asDouble(), 0.0);
    }
    assertFalse(m.get("ood").get("mnist").has("odin"), "--no-odin");
  }

  @Test
  void pgdL2RunsAtItsOwnRadiiWhenAsked() throws IOException {
    Path out = tmp.resolve("l2");
    CliRunner.Result r = run(train(out, "--epochs", "1", "--eps", "8/255", "--pgd-l2-eps", "0,1.5",
        "--robustness-examples", "30", "--no-odin"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("at ε = 8/255: FGSM, PGD-L∞ with 10 steps of α = ε/4 from a random start, and PGD-L2 at"
        + " ε = 0, 1.5 with the same steps and α (31 input gradients per example)"), r.err());
    assertTrue(r.out().contains("PGD-L2 accuracy (30 examples"), r.out());
    JsonNode rob = JSON.readTree(out.resolve("report.json").toFile()).get("metrics").get("robustness");
    JsonNode l2 = rob.get("pgd-l2");
    assertEquals(2, l2.size(), rob.toString());
    assertEquals(0.0, l2.get(0).get("eps").asDouble());
    assertEquals(rob.get("cleanAccuracy").asDouble(), l2.get(0).get("accuracy").asDouble(), 0.0,
        "PGD-L2 at ε = 0 changes nothing");
    assertEquals(1.5, l2.get(1).get("eps").asDouble(), 0.0, "an L2 radius may exceed 1");
    assertEquals(10, l2.get(1).get("steps").asInt());
    assertEquals(1.5 / 4, l2.get(1).get("alpha").asDouble(), 1e-12);
    assertTrue(l2.get(1).get("accuracy").asDouble() <= rob.get("cleanAccuracy").asDouble());
    assertEquals(1, rob.get("pgd").size(), "PGD-L∞ keeps --eps");

    CliRunner.Result e = run("eval", "--run", out.toString(), "--data-dir", data.toString(), "--eps", "8/255",
        "--pgd-l2-eps", "0,1.5", "--robustness-examples", "30", "--no-odin");
    assertEquals(0, e.exit(), e.err());
    assertTrue(e.out().contains("pgd-l2 accuracy ε 1.5"), e.out());
  }

  @Test
  void snipRatioAllocatesFromTheModelAndDrawsRandomPositions() throws IOException {
    Path out = tmp.resolve("snip-ratio");
    CliRunner.Result r = run(train(out, "--epochs", "1", "--allocator", "snip-ratio", "--sparsity", "0.9",
        "--no-robustness", "--no-odin"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("allocating with snip-ratio: scoring the initial weights with pruner snip"), r.err());
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals("snip-ratio", rep.get("pruning").get("allocator").asText());
    assertEquals("random", rep.get("pruning").get("pruner").asText());
    assertEquals("1", rep.get("pruning").get("allocatorConfig").get("batches").asText(), "the pruner's config");
    MaskFileContents s4jm = MaskFile.read(out.resolve("masks.s4jm"));
    assertEquals("snip-ratio", s4jm.metadata().allocator());
    assertEquals("random", s4jm.metadata().pruner());
    long kept = 0;
    long params = 0;
    for (JsonNode l : rep.get("layers")) {
      // Random positions inside each layer: exactly the planned count.
      assertEquals(Math.round(l.get("targetDensity").asDouble() * l.get("params").asLong()), l.get("kept").asLong());
      kept += l.get("kept").asLong();
      params += l.get("params").asLong();
    }
    assertEquals(Math.round(0.1 * params), kept, "the ratio plan keeps exactly round(D·N)");
  }

  @Test
  void snipPrunerRecordsItsConfigAndGuardedLayers() throws IOException {
    Path out = tmp.resolve("snip");
    CliRunner.Result r = run(train(out, "--epochs", "1", "--allocator", "uniform", "--pruner", "snip",
        "--pruner-option", "batches=2", "--sparsity", "0.9", "--no-robustness", "--no-odin"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("pruning with snip (layer-wise=false, collapse=guard, batches=2, batch-size=128)"),
        r.err());
    assertTrue(r.err().contains("global selection: the per-layer densities come from the snip scores, the uniform"
        + " allocation sets only the total"), r.err());
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals("snip", rep.get("config").get("pruner").asText());
    assertEquals("2", rep.get("pruning").get("prunerConfig").get("batches").asText());
    assertTrue(rep.get("pruning").get("guardedLayers").isArray());
    MaskFileContents s4jm = MaskFile.read(out.resolve("masks.s4jm"));
    assertEquals("snip", s4jm.metadata().pruner());
    assertEquals("2", s4jm.metadata().prunerConfig().get("batches"));
    assertEquals(Math.round(0.1 * rep.get("params").get("prunable").asLong()),
        rep.get("params").get("prunableKept").asLong(), 3.0, "global top-k keeps the plan's total");
  }

  @Test
  void evalAddsRobustnessAndOdinToAnOldReport() throws IOException {
    Path out = tmp.resolve("old");
    // A run without the new metrics, as trained before they existed.
    assertEquals(0, run(train(out, "--epochs", "1", "--no-robustness", "--no-odin")).exit());
    JsonNode before = JSON.readTree(out.resolve("report.json").toFile());
    assertFalse(before.get("metrics").has("robustness"));
    assertFalse(before.get("metrics").get("ood").get("mnist").has("odin"));

    CliRunner.Result e = run("eval", "--run", out.toString(), "--data-dir", data.toString(), "--eps", "8/255",
        "--robustness-examples", "all");
    assertEquals(0, e.exit(), e.err());
    assertTrue(e.out().contains("fgsm accuracy ε 8/255") && e.out().contains("ood mnist odin auroc"), e.out());
    JsonNode ev = JSON.readTree(out.resolve("eval.json").toFile());
    assertEquals(100, ev.get("metrics").get("robustness").get("count").asInt(), "all 100 test examples");
    assertTrue(ev.get("metrics").get("ood").get("mnist").get("odin").get("auroc").isNumber());
    assertEquals(before, JSON.readTree(out.resolve("report.json").toFile()), "without --update-report");

    e = run("eval", "--run", out.toString(), "--data-dir", data.toString(), "--eps", "8/255", "--update-report");
    assertEquals(0, e.exit(), e.err());
    assertTrue(e.out().contains("updated " + out.resolve("report.json")), e.out());
    JsonNode after = JSON.readTree(out.resolve("report.json").toFile());
    JsonNode m = after.get("metrics");
    assertEquals(JSON.readTree(out.resolve("eval.json").toFile()).get("metrics").get("robustness"),
        m.get("robustness"));
    assertTrue(m.get("ood").get("mnist").get("odin").get("auroc").isNumber());
    assertEquals(before.get("metrics").get("accuracy"), m.get("accuracy"), "other metrics keep their values");
    assertEquals(before.get("metrics").get("ood").get("mnist").get("energy"), m.get("ood").get("mnist").get("energy"));
    JsonNode update = after.get("updates").get(0);
    assertEquals(List.of("metrics.robustness", "metrics.ood.mnist.odin"),
        List.of(update.get("fields").get(0).asText(), update.get("fields").get(1).asText()));
    assertEquals(before.get("history"), after.get("history"));
  }
  /**
   * Two writers on one run directory: the second (another seed, so it would overwrite) is refused at once, naming the
   * holder, and the first run stays intact; eval is refused too while the directory is held.
   */
  @Test
  void aSecondWriterIsRefusedNamingTheHolderAndTheRunStaysIntact() throws IOException {
    Path out = tmp.resolve("runs/locked");
    assertEquals(0, run(train(out, "--seed", "0")).exit());
    byte[] weights = Files.readAllBytes(out.resolve("weights.npz"));
    String report = Files.readString(out.resolve("report.json"));
    try (dev.sparse4j.io.DirectoryLock holder =
        dev.sparse4j.io.DirectoryLock.acquire(out, "sparse4j train (the other writer)")) {
      CliRunner.Result second = run(train(out, "--seed", "1", "--force"));
      assertEquals(1, second.exit(), second.err());
      assertTrue(second.err().contains("is in use by another sparse4j process")
          && second.err().contains("the other writer") && second.err().contains("PID "), second.err());
      CliRunner.Result eval = run("eval", "--run", out.toString(), "--data-dir", data.toString(), "--no-robustness",
          "--no-odin");
      assertEquals(1, eval.exit(), eval.err());
      assertTrue(eval.err().contains("in use"), eval.err());
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(weights, Files.readAllBytes(out.resolve("weights.npz")));
    assertEquals(report, Files.readString(out.resolve("report.json")));
    CliRunner.Result eval = run("eval", "--run", out.toString(), "--data-dir", data.toString(), "--no-robustness",
        "--no-odin");
    assertEquals(0, eval.exit(), "released: " + eval.err());
  }
  /**
   * A run's files belong together: masks copied from another run (another seed), or a damaged weights file, are
   * refused by eval with a message naming the file; without recorded checksums (a report of an older release) the
   * weights that are non-zero where the copied masks prune give it away.
   */
  @Test
  void evalRefusesFilesFromAnotherRunOrDamagedOnes() throws IOException {
    Path a = tmp.resolve("runs/a");
    Path b = tmp.resolve("runs/b");
    assertEquals(0, run(train(a, "--seed", "0", "--sparsity", "0.8")).exit());
    assertEquals(0, run(train(b, "--seed", "1", "--sparsity", "0.8")).exit());
    JsonNode rep = JSON.readTree(a.resolve("report.json").toFile());
    assertTrue(rep.path("checksums").path("weights.npz").asText().startsWith("sha256:"), rep.path("checksums")
        .toString());
    String[] eval = {"eval", "--run", a.toString(), "--data-dir", data.toString(), "--no-robustness", "--no-odin"};
    assertEquals(0, run(eval).exit());

    byte[] masks = Files.readAllBytes(a.resolve("masks.s4jm"));
    Files.copy(b.resolve("masks.s4jm"), a.resolve("masks.s4jm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliRunner.Result r = run(eval);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("masks.s4jm") && r.err().contains("does not belong to this run"), r.err());

    // Checksums deleted from a report this version wrote: refused, not trusted.
    byte[] report = Files.readAllBytes(a.resolve("report.json"));
    com.fasterxml.jackson.databind.node.ObjectNode old =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(a.resolve("report.json").toFile());
    old.remove("checksums");
    Files.writeString(a.resolve("report.json"), JSON.writeValueAsString(old));
    r = run(eval);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("has no \"checksums\"") && r.err().contains("this one says 0.1.0-SNAPSHOT"),
        r.err());
    // A report of sparse4j 0.1.0, before checksums: accepted, and the other run's masks prune weights this run
    // trained.
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.path("provenance").path("versions")).put("sparse4j",
        "0.1.0");
    Files.writeString(a.resolve("report.json"), JSON.writeValueAsString(old));
    r = run(eval);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("weights.npz") && r.err().contains("non-zero weight")
        && r.err().contains("different runs"), r.err());
    Files.write(a.resolve("report.json"), report);

    // An edited architecture or normalisation section: refused.
    com.fasterxml.jackson.databind.node.ObjectNode edited =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(report);
    Files.write(a.resolve("masks.s4jm"), masks);
    ((com.fasterxml.jackson.databind.node.ArrayNode) edited.path("model").path("normMean")).set(0, 0.5);
    Files.writeString(a.resolve("report.json"), JSON.writeValueAsString(edited));
    r = run(eval);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("its \"model\" or \"config\" section was changed after the run finished"), r.err());
    Files.write(a.resolve("report.json"), report);

    Files.write(a.resolve("masks.s4jm"), masks);
    byte[] w = Files.readAllBytes(a.resolve("weights.npz"));
    w[w.length / 2] ^= 0x10;
    Files.write(a.resolve("weights.npz"), w);
    r = run(eval);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("weights.npz"), r.err());
  }

  /** Hostile run files: a huge report, a symlinked lock, an export over an existing file. */
  @Test
  void hostileRunFilesAreRefusedWithoutHarm() throws IOException {
    Path a = tmp.resolve("runs/hostile");
    assertEquals(0, run(train(a, "--sparsity", "0.8")).exit());
    String[] eval = {"eval", "--run", a.toString(), "--data-dir", data.toString(), "--no-robustness", "--no-odin"};

    Path victim = Files.writeString(tmp.resolve("victim.txt"), "another user's file");
    Files.delete(a.resolve(".sparse4j.lock"));
    Files.createSymbolicLink(a.resolve(".sparse4j.lock"), victim);
    CliRunner.Result lock = run(eval);
    assertEquals(1, lock.exit(), lock.err());
    assertTrue(lock.err().contains("is a symbolic link (to " + victim + ")"), lock.err());
    assertEquals("another user's file", Files.readString(victim), "the link's target is untouched");
    Files.delete(a.resolve(".sparse4j.lock"));

    Path export = Files.writeString(tmp.resolve("exported"), "x");
    CliRunner.Result exported = run("export", "--run", a.toString(), "--format", "tf-saved-model", "--out",
        export.toString());
    assertEquals(1, exported.exit(), exported.err());
    assertTrue(exported.err().contains(export + " is a file; a SavedModel is a directory"), exported.err());

    byte[] report = Files.readAllBytes(a.resolve("report.json"));
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(a.resolve("report.json").toFile(), "rw")) {
      f.setLength(200L * 1024 * 1024); // 200 MiB, sparse on disk
    }
    CliRunner.Result huge = run(eval);
    assertEquals(1, huge.exit(), huge.err());
    assertTrue(huge.err().contains("report.json: is 200 MiB, more than any JSON file sparse4j writes"), huge.err());
    Files.write(a.resolve("report.json"), report);
    assertEquals(0, run(eval).exit());

    // Masks of another model under a report without checksums (0.1.0): a damaged run (exit 1), not a bad option.
    Path wide = tmp.resolve("runs/wide");
    assertEquals(0, run(train(wide, "--sparsity", "0.8", "--width", "2")).exit());
    com.fasterxml.jackson.databind.node.ObjectNode legacy =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(report);
    legacy.remove("checksums");
    ((com.fasterxml.jackson.databind.node.ObjectNode) legacy.path("provenance").path("versions")).put("sparse4j",
        "0.1.0");
    Files.writeString(a.resolve("report.json"), JSON.writeValueAsString(legacy));
    Files.copy(wide.resolve("masks.s4jm"), a.resolve("masks.s4jm"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliRunner.Result other = run(eval);
    assertEquals(1, other.exit(), other.err());
    assertTrue(other.err().contains("masks.s4jm") && other.err().contains("the masks belong to another run")
        && !other.err().contains("--help"), other.err());
  }

  /** The smaller defects of careless use, each with the message it now gives. */
  @Test
  void carelessOptionsGetClearMessagesOrWarnings() throws IOException {
    CliRunner.Result blank = run(train(Path.of("")));
    assertEquals(2, blank.exit(), blank.err());
    assertTrue(blank.err().contains("--out is empty"), blank.err());

    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    CliRunner.Result evalFile = run("eval", "--run", file.toString(), "--data-dir", data.toString());
    assertEquals(1, evalFile.exit());
    assertTrue(evalFile.err().contains("is a file; give the run directory"), evalFile.err());

    Path under = tmp.resolve("a-file/run");
    CliRunner.Result underFile = run(train(under));
    assertEquals(1, underFile.exit());
    assertTrue(underFile.err().contains("cannot create or write the run directory"), underFile.err());
    assertTrue(!underFile.err().contains("loading"), "refused before any data is read: " + underFile.err());

    Path out = tmp.resolve("runs/warned");
    CliRunner.Result warned = run("train", "--backend", "fake", "--data-dir", data.toString(), "--model", "mlp",
        "--out", out.toString(), "--threads", "999", "--batch-size", "5000", "--epochs", "1");
    assertEquals(0, warned.exit(), warned.err());
    assertTrue(warned.err().contains("--threads 999 is more than the"), warned.err());
    assertTrue(warned.err().contains("--batch-size 5000 is larger than the 300 training examples"), warned.err());
    assertTrue(JSON.readTree(out.resolve("report.json").toFile()).path("reproducibility").asText()
        .contains("thread count (threads 999)"), "the report says what reproducibility depends on");
  }

  /**
   * A resumed run: the temporary file a killed report write left is gone, and {@code trainSeconds} is the time of
   * every epoch, not just of the last process (resuming a finished run used to record 0.01 s).
   */
  @Test
  void resumeCleansUpAndKeepsTheTotalTrainingTime() throws IOException {
    Path out = tmp.resolve("runs/resumed");
    assertEquals(0, run(train(out, "--epochs", "3")).exit());
    double first = JSON.readTree(out.resolve("report.json").toFile()).get("trainSeconds").asDouble();
    double sum = 0;
    for (JsonNode e : JSON.readTree(out.resolve("report.json").toFile()).get("history")) {
      sum += e.get("seconds").asDouble();
    }
    assertEquals(sum, first, 1e-9, "trainSeconds is the sum of the epochs' times");
    // As if killed while writing the report: no report, a stray temporary file.
    Files.delete(out.resolve("report.json"));
    Path stray = Files.writeString(out.resolve(".report.json.k3j4.tmp"), "{half");
    Path halfCheckpoint = Files.createDirectories(out.resolve("checkpoints/.epoch-0003.81723"));
    Files.writeString(halfCheckpoint.resolve("state.npz"), "half");
    CliRunner.Result r = run(train(out, "--epochs", "3", "--resume"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(!Files.exists(stray), "the stale temporary file is removed");
    assertTrue(!Files.exists(halfCheckpoint), "a half-written checkpoint directory is removed");
    double resumed = JSON.readTree(out.resolve("report.json").toFile()).get("trainSeconds").asDouble();
    assertEquals(first, resumed, 1e-9, "every epoch was restored from the checkpoints: the total stays");
  }
}
