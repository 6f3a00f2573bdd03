package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.io.CsrNpz;
import dev.sparse4j.io.MaskFile;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import dev.sparse4j.io.data.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --kept-entries}: a run whose backend holds kept entries only. On real Fashion-MNIST (installed data,
 * as {@link TrainEndToEndTest}) it trains exactly the weights the bitmap-masked run trains, writes them as SciPy CSR
 * files bound to the report, and evaluates again from them; what needs a dense model is refused before any data is
 * read, saying what to use instead.
 */
class KeptEntriesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aKeptRunTrainsTheMaskedRunsWeightsAndWritesThemAsCsr() throws Exception {
    DataDirectory data = TrainEndToEndTest.requireData();
    Path kept = tmp.resolve("kept");
    Path masked = tmp.resolve("masked");
    for (Path out : List.of(kept, masked)) {
      List<String> args = new ArrayList<>(List.of("train", "--backend", "sparse-cpu", "--model", "mlp", "--epochs",
          "1", "--train-limit", "2000", "--test-limit", "1000", "--no-odin", "--robustness-examples", "100",
          "--sparsity", "0.9", "--data-dir", data.path().toString(), "--out", out.toString()));
      if (out == kept) {
        args.add("--kept-entries");
      }
      CliRunner.Result r = TrainEndToEndTest.run(args.toArray(String[]::new));
      assertEquals(0, r.exit(), r.out() + r.err());
    }
    JsonNode report = JSON.readTree(kept.resolve("report.json").toFile());
    assertTrue(report.get("config").get("keptEntries").asBoolean());
    List<String> files = new ArrayList<>();
    report.get("files").forEach(f -> files.add(f.asText()));
    assertTrue(files.containsAll(List.of("weights-csr/fc1.weight.npz", "weights-csr/fc2.weight.npz",
        "weights-csr/fc3.weight.npz", "weights.npz")), files.toString());
    assertFalse(files.contains("masks.s4jm"), files.toString());
    assertTrue(Files.isRegularFile(kept.resolve("checkpoints/epoch-0001/masks.kept.npz")), "a kept checkpoint");
    assertTrue(report.get("checksums").has("weights-csr/fc2.weight.npz"), report.get("checksums").toString());
    assertFalse(Files.exists(kept.resolve("masks.s4jm")));

    // The same weights as the run that held bitmaps and dense arrays, entry for entry.
    Map<String, NpyArray> dense = Npz.read(masked.resolve("weights.npz"));
    var bitmaps = MaskFile.readMasks(masked.resolve("masks.s4jm"));
    for (String name : List.of("fc1.weight", "fc2.weight", "fc3.weight")) {
      CsrNpz.Contents c = CsrNpz.read(kept.resolve("weights-csr").resolve(name + ".npz"));
      assertEquals(bitmaps.get(name), c.mask().toMask(), name + ": mask");
      assertArrayEquals(dense.get(name).floats(), c.mask().expand(c.values()), name + ": weights");
    }
    assertArrayEquals(dense.get("fc1.bias").floats(), Npz.read(kept.resolve("weights.npz")).get("fc1.bias").floats());
    JsonNode maskedReport = JSON.readTree(masked.resolve("report.json").toFile());
    assertEquals(maskedReport.get("metrics").get("accuracy").asDouble(),
        report.get("metrics").get("accuracy").asDouble(), 1e-9, "same weights, same accuracy");

    // eval reads the CSR files back (on another backend too).
    CliRunner.Result e = TrainEndToEndTest.run("eval", "--backend", "djl-pytorch", "--run", kept.toString(),
        "--data-dir", data.path().toString(), "--no-robustness", "--no-odin");
    assertEquals(0, e.exit(), e.out() + e.err());
    JsonNode eval = JSON.readTree(kept.resolve("eval.json").toFile());
    assertEquals(report.get("metrics").get("accuracy").asDouble(), eval.get("metrics").get("accuracy").asDouble(),
        0.001, e.out());
  }

  @Test
  void setUpdatesRunOnKeptEntries() throws Exception {
    DataDirectory data = TrainEndToEndTest.requireData();
    Path out = tmp.resolve("kept-set");
    CliRunner.Result r = TrainEndToEndTest.run("train", "--backend", "sparse-cpu", "--model", "mlp", "--epochs", "1",
        "--train-limit", "2000", "--test-limit", "500", "--no-odin", "--no-robustness", "--sparsity", "0.9",
        "--dst", "set", "--dst-interval", "4", "--kept-entries", "--data-dir", data.path().toString(), "--out",
        out.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    JsonNode epoch = JSON.readTree(out.resolve("report.json").toFile()).get("history").get(0);
    assertTrue(epoch.get("topologyUpdates").asInt() >= 2, epoch.toString());
    assertTrue(epoch.get("itop").asDouble() > 0.11, "ever-active beyond the 10 % kept: " + epoch);
    CsrNpz.Contents fc1 = CsrNpz.read(out.resolve("weights-csr").resolve("fc1.weight.npz"));
    assertEquals(JSON.readTree(out.resolve("report.json").toFile()).get("layers").get(0).get("kept").asLong(),
        fc1.mask().kept(), "SET keeps the count");
  }

  @Test
  void whatNeedsADenseModelIsRefusedBeforeAnyDataIsRead() {
    Path out = tmp.resolve("refused");
    refused(List.of("--backend", "djl-pytorch"), "needs a backend with the KEPT_ENTRIES capability",
        "use --backend sparse-cpu");
    refused(List.of("--pruner", "snip"), "pruner 'snip'", "only --pruner random (mode=exact)");
    refused(List.of("--mask-mode", "bernoulli"), "only --pruner random (mode=exact)");
    refused(List.of("--allocator", "snip-ratio"), "allocator 'snip-ratio' plans on the built model");
    refused(List.of("--dst", "rigl"), "--dst rigl needs bitmaps or dense gradients; on kept entries use --dst set");
    refused(List.of("--sparsity", "0"), "needs a sparse run");
    assertFalse(Files.exists(out.resolve("report.json")));
  }

  @Test
  void aModelTooLargeToBeDenseNamesTheWayToTrainIt() {
    CliRunner.Result r = TrainEndToEndTest.run("train", "--backend", "djl-pytorch", "--model", "mlp-2x100000",
        "--out", tmp.resolve("huge").toString());
    assertTrue(r.exit() == 1 || r.exit() == 2, r.err());
    assertTrue(r.err().contains("10,000,000,000 values") && r.err().contains("--kept-entries"), r.err());
  }

  private void refused(List<String> extra, String... parts) {
    List<String> args = new ArrayList<>(List.of("train", "--model", "mlp", "--kept-entries", "--data-dir",
        tmp.resolve("no-data-needed").toString(), "--out", tmp.resolve("refused").toString()));
    if (!extra.contains("--backend")) {
      args.addAll(List.of("--backend", "sparse-cpu"));
    }
    args.addAll(extra);
    CliRunner.Result r = TrainEndToEndTest.run(args.toArray(String[]::new));
    assertTrue(r.exit() == 1 || r.exit() == 2, extra + ": " + r.out() + r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), extra + " should say '" + part + "': " + r.err());
    }
  }
}
