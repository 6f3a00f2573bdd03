package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.io.data.MissingDataException;
import dev.sparse4j.io.MaskFile;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code sparse4j train} in-process on backend djl-pytorch and the real Fashion-MNIST (60,000
 * training images, 1 epoch of an ERK 90 %-sparse MLP; ODIN, FGSM and PGD on 500 test images), then
 * {@code sparse4j eval} on the run. Needs the data
 * installed ({@code scripts/install-data.sh}); without it the test is skipped, except on CI ({@code CI=true}) where
 * it fails.
 */
class TrainEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  /** The installed data directory; aborts the test (fails it on CI) when the data is missing. */
  static DataDirectory requireData() {
    DataDirectory dir = DataDirectory.resolve();
    try {
      dir.check();
    } catch (MissingDataException e) {
      String message = "the end-to-end test needs the real Fashion-MNIST and MNIST digits: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return dir;
  }

  /** Runs the CLI in-process over the real backend registry. */
  static CliRunner.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // The real backend registry: djl-pytorch is on the test class path as a runtime dependency.
    int code = Sparse4jCli.commandLine(new Sparse4jCli(), new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new CliRunner.Result(code, out.toString(), err.toString());
  }

  @Test
  void trainsARandomlyPrunedMlpOnFashionMnistAndEvaluatesItAgain() throws Exception {
    DataDirectory data = requireData();
    Path out = tmp.resolve("mlp-erk-0.9");
    CliRunner.Result r = run("train", "--backend", "djl-pytorch", "--dataset", "fashion-mnist", "--model", "mlp",
        "--allocator", "erk", "--sparsity", "0.9", "--epochs", "1", "--seed", "0", "--data-dir",
        data.path().toString(), "--save-logits", "--robustness-examples", "500", "--out", out.toString());
    assertEquals(0, r.exit(), r.out() + r.err());

    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals("djl-pytorch", report.get("config").get("backend").asText());
    assertEquals(60_000, report.get("data").get("train").get("used").asInt(), "the full training set");
    double accuracy = report.get("metrics").get("accuracy").asDouble();
    assertTrue(accuracy > 0.80, "test accuracy after one epoch: " + accuracy);
    assertEquals(10_000, report.get("metrics").get("count").asInt());
    assertTrue(report.get("metrics").get("ood").get("mnist").get("energy").get("auroc").asDouble() > 0.5,
        report.get("metrics").toString());
    // ODIN on all 10,000 + 10,000 images; FGSM and PGD on the first 500 test images.
    assertTrue(report.get("metrics").get("ood").get("mnist").get("odin").get("auroc").asDouble() > 0.5,
        report.get("metrics").toString());
    JsonNode rob = report.get("metrics").get("robustness");
    assertEquals(500, rob.get("count").asInt());
    double clean = rob.get("cleanAccuracy").asDouble();
    for (int i = 0; i < 2; i++) {
      double fgsm = rob.get("fgsm").get(i).get("accuracy").asDouble();
      double pgd = rob.get("pgd").get(i).get("accuracy").asDouble();
      // PGD is the stronger attack; neither helps (a few examples of slack for FGSM's one step).
      assertTrue(pgd <= fgsm + 0.01 && fgsm <= clean + 0.01, rob.toString());
    }
    assertTrue(rob.get("pgd").get(1).get("accuracy").asDouble() < clean, "ε = 0.1 hurts: " + rob);

    // The plan, computed here independently of the run: ERK at density 0.1 over the MLP's three weights.
    ModelSpec spec = Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10));
    DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), Density.of(0.1));
    MaskSet masks = MaskFile.readMasks(out.resolve("masks.s4jm"));
    Map<String, NpyArray> weights = Npz.read(out.resolve("weights.npz"));
    JsonNode layers = report.get("layers");
    assertEquals(plan.layers().size(), layers.size());
    for (int i = 0; i < layers.size(); i++) {
      LayerDensity planned = plan.layers().get(i);
      JsonNode l = layers.get(i);
      String name = planned.name();
      assertEquals(name, l.get("name").asText());
      long kept = l.get("kept").asLong();
      assertTrue(Math.abs(kept - Math.round(planned.density() * planned.param().numel())) <= 1,
          name + ": kept " + kept + " vs planned round(d·n) " + planned.keptCount());
      Mask m = masks.get(name);
      assertEquals(kept, m.kept(), name + ": report and mask file agree");
      float[] w = weights.get(name).floats();
      int nonZeroPruned = 0;
      for (int j = 0; j < w.length; j++) {
        if (!m.isKept(j) && w[j] != 0.0f) {
          nonZeroPruned++;
        }
      }
      assertEquals(0, nonZeroPruned, name + ": every pruned weight is exactly 0.0 after training");
    }
    for (String f : new String[] {"masks.npz", "logits.npz", "reliability.png", "densities.png", "training.png"}) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }

    // The attacks and ODIN are checked above; eval repeats only the plain evaluation here.
    CliRunner.Result e = run("eval", "--run", out.toString(), "--data-dir", data.path().toString(), "--no-robustness",
        "--no-odin");
    assertEquals(0, e.exit(), e.out() + e.err());
    JsonNode eval = JSON.readTree(out.resolve("eval.json").toFile());
    // Same weights, backend and batches: at most one of 10,000 predictions may differ by float rounding.
    assertEquals(accuracy, eval.get("metrics").get("accuracy").asDouble(), 1e-4, e.out());

    // export: a TensorFlow SavedModel that TensorFlow itself runs to the run's own test logits.
    Path saved = tmp.resolve("saved-model");
    CliRunner.Result x = run("export", "--run", out.toString(), "--format", "tf-saved-model", "--out",
        saved.toString());
    assertEquals(0, x.exit(), x.out() + x.err());
    assertTrue(x.out().contains("input 'images' [N, 1, 28, 28] in [0, 1]; output 'logits' [N, 10]"), x.out());
    float[] runLogits = Npz.read(out.resolve("logits.npz")).get("test_logits").floats();
    dev.sparse4j.api.data.Dataset test = dev.sparse4j.io.data.FashionMnist.load(data,
        dev.sparse4j.io.data.Split.TEST).head(16);
    float[] images = new float[16 * 784];
    int[] labels = new int[16];
    int[] order = new int[16];
    for (int i = 0; i < 16; i++) {
      order[i] = i;
    }
    test.gather(order, 0, 16, images, labels);
    try (org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load(saved.toString(), "serve");
        org.tensorflow.types.TFloat32 in = org.tensorflow.types.TFloat32.tensorOf(
            org.tensorflow.ndarray.Shape.of(16, 1, 28, 28), org.tensorflow.ndarray.buffer.DataBuffers.of(images));
        org.tensorflow.Result fetched = bundle.session().runner().feed("images", in).fetch("logits").run()) {
      float[] z = new float[160];
      fetched.get(0).asRawTensor().data().asFloats().read(z);
      for (int i = 0; i < z.length; i++) {
        assertEquals(runLogits[i], z[i], 1e-4, "exported logits[" + i + "]");
      }
    }
    CliRunner.Result again = run("export", "--run", out.toString(), "--out", saved.toString());
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("not an empty directory"), again.err());
  }
  /**
   * Every other backend end to end: {@code train --backend nd4j|djl-tensorflow|sparse-cpu} writes a report with exactly the
   * keys of a djl-pytorch report and an accuracy within 1.5 points, and {@code eval --backend …} of a run trained on
   * djl-pytorch reproduces its accuracy within 0.1 point.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nd4j", "djl-tensorflow", "sparse-cpu"})
  void anotherBackendWritesTheSameReportKeysAndEvaluatesADjlPyTorchRun(String other) throws Exception {
    DataDirectory data = requireData();
    Map<String, JsonNode> reports = new java.util.LinkedHashMap<>();
    for (String backend : new String[] {"djl-pytorch", other}) {
      Path out = tmp.resolve("small-" + backend);
      CliRunner.Result r = run("train", "--backend", backend, "--model", "mlp", "--epochs", "1", "--train-limit",
          "2000", "--test-limit", "1000", "--no-robustness", "--no-odin", "--seed", "0", "--data-dir",
          data.path().toString(), "--out", out.toString());
      assertEquals(0, r.exit(), r.out() + r.err());
      JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
      assertEquals(backend, report.get("config").get("backend").asText());
      reports.put(backend, report);
    }
    // Every key is shared except the engine's own version entries (djl/pytorch vs nd4j/natives/onednn).
    java.util.function.Function<JsonNode, java.util.SortedSet<String>> shared = report -> {
      java.util.SortedSet<String> k = keys(report, "");
      k.removeIf(path -> path.startsWith("/provenance/versions/"));
      return k;
    };
    assertEquals(shared.apply(reports.get("djl-pytorch")), shared.apply(reports.get(other)), "report.json keys");
    double djlAccuracy = reports.get("djl-pytorch").get("metrics").get("accuracy").asDouble();
    double otherAccuracy = reports.get(other).get("metrics").get("accuracy").asDouble();
    assertEquals(djlAccuracy, otherAccuracy, 0.015, "same seed, data and maths: accuracies within 1.5 points");

    Path djlRun = tmp.resolve("small-djl-pytorch");
    CliRunner.Result e = run("eval", "--backend", other, "--run", djlRun.toString(), "--data-dir",
        data.path().toString(), "--no-robustness", "--no-odin");
    assertEquals(0, e.exit(), e.out() + e.err());
    JsonNode eval = JSON.readTree(djlRun.resolve("eval.json").toFile());
    assertEquals(djlAccuracy, eval.get("metrics").get("accuracy").asDouble(), 0.001,
        other + " evaluates the djl-pytorch weights to the same accuracy (within 0.1 point): " + e.out());
  }

  /**
   * The pure-Java backend evaluates a djl-pytorch run completely: {@code eval --backend sparse-cpu} reproduces its
   * accuracy, ECE and OOD figures, and its FGSM/PGD accuracies and ODIN (input gradients in compressed form), each
   * within 0.5 point of djl-pytorch's own evaluation.
   */
  @Test
  void sparseCpuEvaluatesADjlPyTorchRunWithAttacksAndOdin() throws Exception {
    DataDirectory data = requireData();
    Path out = tmp.resolve("small-for-sparse-cpu");
    CliRunner.Result r = run("train", "--backend", "djl-pytorch", "--model", "mlp", "--epochs", "1", "--train-limit",
        "2000", "--test-limit", "500", "--seed", "0", "--data-dir", data.path().toString(), "--out",
        out.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    JsonNode before = JSON.readTree(out.resolve("report.json").toFile()).get("metrics");
    CliRunner.Result e = run("eval", "--backend", "sparse-cpu", "--run", out.toString(), "--data-dir",
        data.path().toString());
    assertEquals(0, e.exit(), e.out() + e.err());
    assertFalse(e.err().contains("skipped"), e.err());
    JsonNode now = JSON.readTree(out.resolve("eval.json").toFile()).get("metrics");
    assertEquals(before.get("accuracy").asDouble(), now.get("accuracy").asDouble(), 0.001, e.out());
    assertEquals(before.get("ece").asDouble(), now.get("ece").asDouble(), 1e-3, e.out());
    assertEquals(before.get("ood").get("mnist").get("energy").get("auroc").asDouble(),
        now.get("ood").get("mnist").get("energy").get("auroc").asDouble(), 1e-3, e.out());
    for (String attack : new String[] {"fgsm", "pgd"}) {
      for (int i = 0; i < before.get("robustness").get(attack).size(); i++) {
        assertEquals(before.get("robustness").get(attack).get(i).get("accuracy").asDouble(),
            now.get("robustness").get(attack).get(i).get("accuracy").asDouble(), 0.005, attack + " " + i);
      }
    }
    assertEquals(before.get("ood").get("mnist").get("odin").get("auroc").asDouble(),
        now.get("ood").get("mnist").get("odin").get("auroc").asDouble(), 0.005, now.toString());
  }

  /** Every object key path of {@code node}; arrays contribute the keys of their elements. */
  private static java.util.SortedSet<String> keys(JsonNode node, String prefix) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> {
        String path = prefix + "/" + f.getKey();
        out.add(path);
        out.addAll(keys(f.getValue(), path));
      });
    } else if (node.isArray()) {
      node.forEach(element -> out.addAll(keys(element, prefix + "[]")));
    }
    return out;
  }
}
