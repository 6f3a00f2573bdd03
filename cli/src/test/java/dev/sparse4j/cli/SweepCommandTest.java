package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.io.Npz;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparse4j sweep} on the fake backend and generated data: cells, table, plots, resume, kill, bad input. */
class SweepCommandTest {
  private static final SparseBackendProvider[] FAKE = {new FakeBackend.Provider()};
  private static final List<String> CELLS = List.of("mlp-w1-dense-seed0", "mlp-w1-erk-s0.8-seed0",
      "mlp-w1-uniform-s0.8-seed0");

  @TempDir
  Path tmp;

  private List<String> sweepArgs(Path data, Path out, String... more) {
    return sweepArgs(data, out, 2, more);
  }

  private List<String> sweepArgs(Path data, Path out, int epochs, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--backend", "fake", "--data-dir", data.toString(),
        "--model", "mlp", "--sparsities", "0.8", "--allocators", "erk,uniform", "--batch-size", "16",
        "--epochs", Integer.toString(epochs), "--no-robustness", "--no-odin", "--out", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private static void assertSameWeights(Path expected, Path actual, String what) throws Exception {
    // Compared as arrays: the zip entries' timestamps differ between two writes of the same weights.
    assertEquals(Npz.read(expected), Npz.read(actual), what);
  }

  private static CliRunner.Result sweep(List<String> args) {
    return CliRunner.run(FAKE, args.toArray(String[]::new));
  }

  private static List<String> csvCells(Path out) throws Exception {
    return Files.readAllLines(out.resolve("results.csv")).stream().skip(1).map(l -> l.substring(0, l.indexOf(',')))
        .toList();
  }

  @Test
  void everyCellIsAnOrdinaryTrainRunAndOneTableIsDerivedFromThem() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 200, 60);
    Path out = tmp.resolve("sweep");
    CliRunner.Result r = sweep(sweepArgs(data, out));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("3 cells in") && r.out().contains("3 to train, 0 to resume, 0 finished"), r.out());
    assertTrue(r.err().contains("[sweep] 3/3 cells done (0 skipped, 0 failed)"), r.err());
    assertEquals(CELLS, csvCells(out));

    // A cell is exactly what `train` writes for the same options.
    Path single = tmp.resolve("single");
    CliRunner.Result t = CliRunner.run(FAKE, "train", "--backend", "fake", "--data-dir", data.toString(), "--model",
        "mlp", "--allocator", "erk", "--sparsity", "0.8", "--batch-size", "16", "--epochs", "2", "--no-robustness",
        "--no-odin", "--out", single.toString());
    assertEquals(0, t.exit(), t.err());
    Path cell = out.resolve("cells").resolve("mlp-w1-erk-s0.8-seed0");
    assertArrayEquals(Files.readAllBytes(single.resolve("config.json")), Files.readAllBytes(cell.resolve(
        "config.json")));
    assertSameWeights(single.resolve("weights.npz"), cell.resolve("weights.npz"), "the cell's weights");
    ObjectMapper json = new ObjectMapper();
    double accuracy = json.readTree(single.resolve("report.json").toFile()).path("metrics").path("accuracy")
        .asDouble();

    JsonNode results = json.readTree(out.resolve("results.json").toFile());
    assertEquals("sparse4j-sweep-results", results.path("format").asText());
    assertEquals(3, results.path("rows").size());
    assertEquals(accuracy, results.path("rows").get(1).path("accuracy").asDouble(), 0);
    assertEquals(0, results.path("missing").size());
    String md = Files.readString(out.resolve("results.md"));
    // The sparsity column is the measured one (1 − the run's total density), not the requested 0.8.
    assertTrue(md.contains("| mlp | 1 | erk | 0.8000 | random | fake | 2 | 1 |"), md);
    for (String png : List.of("accuracy-vs-sparsity.png", "ece-vs-sparsity.png", "ood-auroc-vs-sparsity.png")) {
      assertNotNull(ImageIO.read(out.resolve("plots").resolve(png).toFile()), png + " is a readable PNG");
    }
    assertTrue(Files.isRegularFile(out.resolve("sweep.json")));

    // Again: every cell is finished, nothing trains, the table is the same.
    byte[] csv = Files.readAllBytes(out.resolve("results.csv"));
    CliRunner.Result again = sweep(sweepArgs(data, out));
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("0 to train, 0 to resume, 3 finished"), again.out());
    assertArrayEquals(csv, Files.readAllBytes(out.resolve("results.csv")));
  }

  @Test
  void seedsGiveMeanAndStandardDeviationPerConfiguration() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 200, 60);
    Path out = tmp.resolve("seeds");
    CliRunner.Result r = sweep(sweepArgs(data, out, "--seeds", "0,1"));
    assertEquals(0, r.exit(), r.err());
    assertEquals(6, csvCells(out).size());
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    JsonNode rows = results.path("rows");
    JsonNode erk = results.path("groups").get(1);
    assertEquals("erk", erk.path("key").path("allocator").asText());
    assertEquals(2, erk.path("seeds").asInt());
    double a0 = rows.get(1).path("accuracy").asDouble();
    double a1 = rows.get(4).path("accuracy").asDouble();
    assertEquals("mlp-w1-erk-s0.8-seed1", rows.get(4).path("cell").asText());
    assertEquals((a0 + a1) / 2, erk.path("mean").path("accuracy").asDouble(), 1e-12);
    assertEquals(Math.abs(a0 - a1) / Math.sqrt(2), erk.path("std").path("accuracy").asDouble(), 1e-12);
    assertTrue(Files.readString(out.resolve("summary.csv")).startsWith("model,width,allocator,"));
  }

  @Test
  void aKilledSweepContinuesWhereItStoppedWithOneRowPerCell() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 400, 60);
    Path reference = tmp.resolve("reference");
    assertEquals(0, sweep(sweepArgs(data, reference, 6)).exit());

    Path out = tmp.resolve("killed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Djava.awt.headless=true", KillAndResumeTest.class.getName()));
    cmd.addAll(sweepArgs(data, out, 6));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
    Path first = out.resolve("cells").resolve(CELLS.get(0)).resolve("report.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(first) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // into the second cell
    p.destroyForcibly();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    byte[] firstReport = Files.readAllBytes(first);

    CliRunner.Result r = sweep(sweepArgs(data, out, 6));
    assertEquals(0, r.exit(), r.err() + Files.readString(tmp.resolve("log")));
    assertTrue(r.out().contains("1 finished") || r.out().contains("2 finished"), r.out());
    assertEquals(CELLS, csvCells(out), "exactly one row per cell");
    assertArrayEquals(firstReport, Files.readAllBytes(first), "the finished cell was not run again");
    for (String c : CELLS) {
      assertSameWeights(reference.resolve("cells").resolve(c).resolve("weights.npz"),
          out.resolve("cells").resolve(c).resolve("weights.npz"), c + ": the same weights as the uninterrupted sweep");
    }
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".tmp")).toList());
    }
  }

  @Test
  void badGridsAndExecutorsSayWhatToDo() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 50, 20);
    Path out = tmp.resolve("bad");
    assertEquals("sparse4j sweep: error: --sparsities: every sparsity must be in (0, 1) (each width's dense "
        + "baseline is always included), got 0", sweep(sweepArgs(data, out, "--sparsities", "0")).errLines()
        .get(0));
    assertTrue(sweep(sweepArgs(data, out, "--allocators", "dense")).err()
        .contains("'dense' is not a sparse allocator"));
    assertTrue(sweep(sweepArgs(data, out, "--seeds", "1,1")).err().contains("--seeds lists 1 twice"));
    CliRunner.Result preset = CliRunner.run(FAKE, "sweep", "--preset", "paper-fmnist", "--widths", "2", "--out",
        out.toString());
    assertEquals(2, preset.exit());
    assertTrue(preset.err().contains("--preset paper-fmnist sets the grid and the training options; drop --widths"),
        preset.err());
    assertTrue(CliRunner.run(FAKE, "sweep", "--preset", "nope", "--out", out.toString()).err()
        .contains("unknown preset 'nope'; presets: paper-fmnist"));
    CliRunner.Result spark = sweep(sweepArgs(data, out, "--executor", "spark"));
    assertEquals(2, spark.exit());
    assertTrue(spark.err().contains("no sweep executor 'spark'; installed: local")
        && spark.err().contains("dev.sparse4j:sweep-spark"), spark.err());
    assertTrue(sweep(sweepArgs(data, out, "--parallel", "0")).err().contains("--parallel must be ≥ 1, got 0"));
    assertTrue(!Files.exists(out.resolve("cells")), "nothing is trained when the grid is wrong");
  }

  @Test
  void tabulateWritesTheTableOfWhatIsFinishedAndTrainsNothing() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 100, 40);
    Path out = tmp.resolve("tab");
    assertEquals(0, sweep(sweepArgs(data, out, 1)).exit());
    Files.delete(out.resolve("cells").resolve(CELLS.get(2)).resolve("report.json"));
    CliRunner.Result r = sweep(sweepArgs(data, out, 1, "--tabulate"));
    assertEquals(0, r.exit(), r.err());
    assertEquals(CELLS.subList(0, 2), csvCells(out));
    assertTrue(r.out().contains("1 cell(s) did not finish: " + CELLS.get(2)), r.out());
    assertTrue(!Files.exists(out.resolve("cells").resolve(CELLS.get(2)).resolve("report.json")), "nothing trained");
  }

  @Test
  void dynamicSparseTrainingIsAnAxisWithItsOwnColumn() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 50, 20);
    Path out = tmp.resolve("dst");
    CliRunner.Result r = sweep(sweepArgs(data, out, "--dsts", "static,SET", "--dst-interval", "1"));
    assertEquals(0, r.exit(), r.err());
    for (String cell : List.of("mlp-w1-dense-seed0", "mlp-w1-erk-s0.8-static-seed0", "mlp-w1-erk-s0.8-set-seed0",
        "mlp-w1-uniform-s0.8-set-seed0")) {
      assertTrue(Files.isRegularFile(out.resolve("cells").resolve(cell).resolve("report.json")), cell);
    }
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("| pruner | dst |") && md.contains(" ITOP rate |"), md);
    assertTrue(md.contains("| random | set |") && md.contains("| random | static |"), md);
    assertTrue(Files.readString(out.resolve("results.csv")).lines().findFirst().orElseThrow().contains(",dst,"));
    assertTrue(sweep(sweepArgs(data, out, "--dsts", "static,sett")).err().contains("sett"));
  }

  @Test
  void dryRunListsTheCellsAndTrainsNothing() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 50, 20);
    Path out = tmp.resolve("dry");
    CliRunner.Result r = sweep(sweepArgs(data, out, "--widths", "1,2", "--dry-run"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("6 cells in") && r.out().contains("  mlp-w2-uniform-s0.8-seed0: train"), r.out());
    assertTrue(!Files.exists(out.resolve("cells")));
  }

  @Test
  void spellingsOfOneValueEmptyListsBadModelsAndForeignOptionsAreRefusedUpFront() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 50, 20);
    Path out = tmp.resolve("grid");
    assertTrue(sweep(sweepArgs(data, out, "--allocators", "erk,ERK")).err().contains("--allocators lists erk twice"));
    List<String> base = List.of("sweep", "--data-dir", data.toString(), "--model", "mlp", "--sparsities", "0.8",
        "--no-robustness", "--no-odin", "--out", out.toString(), "--dry-run");
    List<String> twice = new ArrayList<>(base);
    twice.addAll(List.of("--backends", "fake,FAKE"));
    assertTrue(sweep(twice).err().contains("--backends lists fake twice"), sweep(twice).err());
    List<String> spaced = new ArrayList<>(base);
    spaced.addAll(List.of("--backends", " fake "));
    CliRunner.Result ok = sweep(spaced);
    assertEquals(0, ok.exit(), "a backend name with spaces works as in train: " + ok.err());

    List<String> noSparsity = new ArrayList<>(List.of("sweep", "--backends", "fake", "--data-dir", data.toString(),
        "--no-robustness", "--no-odin", "--out", out.toString()));
    for (List<String> bad : List.of(List.of("--sparsities", ","), List.of("--allocators", ","),
        List.of("--seeds", ","))) {
      List<String> args = new ArrayList<>(noSparsity);
      args.addAll(bad);
      CliRunner.Result empty = sweep(args);
      assertEquals(2, empty.exit(), bad + ": " + empty.err());
      assertTrue(empty.err().contains(bad.get(0) + " needs at least one value"), empty.err());
    }

    List<String> bogus = new ArrayList<>(base);
    bogus.addAll(List.of("--backends", "fake", "--model", "resnet9x"));
    CliRunner.Result model = sweep(bogus);
    assertEquals(2, model.exit(), model.err());
    assertTrue(model.err().contains("--model resnet9x at width 1: "), model.err());

    CliRunner.Result master = sweep(sweepArgs(data, out, "--master", "local[2]"));
    assertEquals(2, master.exit(), master.err());
    assertTrue(master.err().contains("--master: options of the Spark executor, but this sweep runs on the local"
        + " executor"), master.err());
    CliRunner.Result spark = sweep(sweepArgs(data, out, "--executor", "Spark"));
    assertTrue(spark.err().contains("dev.sparse4j:sweep-spark"), "Spark is spark: " + spark.err());
    assertTrue(!Files.exists(out.resolve("cells")), "nothing is trained when the grid is wrong");
  }

  @Test
  void aDamagedFinishedCellIsTrainedAgainAndAnUnreadableReportCostsOnlyItsRow() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 100, 40);
    Path out = tmp.resolve("damaged");
    assertEquals(0, sweep(sweepArgs(data, out, 1)).exit());
    Path weights = out.resolve("cells").resolve(CELLS.get(1)).resolve("weights.npz");
    byte[] good = Files.readAllBytes(weights);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x40;
    Files.write(weights, bad);
    CliRunner.Result dry = sweep(sweepArgs(data, out, 1, "--dry-run"));
    assertTrue(dry.out().contains(CELLS.get(1) + ": train again: its files do not match the checksums in"
        + " report.json"), dry.out());
    CliRunner.Result again = sweep(sweepArgs(data, out, 1));
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("1 to train, 0 to resume, 2 finished"), again.out());
    Path original = tmp.resolve("original.npz");
    Files.write(original, good);
    assertSameWeights(original, weights, "the damaged cell was trained again to the same weights");

    Files.writeString(out.resolve("cells").resolve(CELLS.get(2)).resolve("report.json"), "{ not json");
    CliRunner.Result tab = sweep(sweepArgs(data, out, 1, "--tabulate"));
    assertEquals(0, tab.exit(), tab.err());
    assertEquals(CELLS.subList(0, 2), csvCells(out), "the other rows are still tabulated");
    assertTrue(tab.out().contains("1 cell(s) left out of the table, their report cannot be read:")
        && tab.out().contains("  " + CELLS.get(2) + ": "), tab.out());
  }
}
