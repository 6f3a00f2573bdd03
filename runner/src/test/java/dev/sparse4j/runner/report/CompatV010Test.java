package dev.sparse4j.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.runner.RunReevaluation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The files written by sparse4j 0.1.0 ({@code src/test/resources/compat/v0.1.0}: a 1-epoch MLP compare of dense and
 * ERK on djl-pytorch, then {@code eval --update-report} of the dense run) load with the records, and the records
 * write them back byte for byte.
 */
class CompatV010Test {

  static Path fixture(String name) throws Exception {
    return Path.of(CompatV010Test.class.getResource("/compat/v0.1.0/" + name).toURI());
  }

  @Test
  void readsTheReport() throws Exception {
    ReportJson r = RunReevaluation.readReport(fixture("report.json"));
    RunConfig c = r.config().run();
    assertEquals("djl-pytorch", c.backend());
    assertEquals("mlp", c.model());
    assertEquals("erk", c.allocator());
    assertEquals(0.9, c.sparsity());
    assertEquals(0.1, c.density());
    assertEquals("exact", c.prunerOptions().get("mode"));
    assertEquals(1, c.epochs());
    assertEquals(0.1, c.trainingConfig().learningRate());
    assertTrue(c.trainingConfig().optimizer().nesterov());
    assertEquals(500, c.trainLimit());
    assertEquals("/tmp/capture/compare/erk", r.config().runtime().out());
    assertNull(r.config().runtime().threads());
    assertEquals(50, r.config().eval().robustnessExamples());
    ModelOptions o = r.model().options();
    assertEquals(10, o.numClasses());
    assertTrue(o.normalized());
    assertEquals(500, r.data().test().used());
    assertEquals("mnist-digits", r.data().ood().get("mnist").name());
    assertEquals(0L, r.provenance().seed());
    assertEquals(3, r.layers().size());
    assertEquals(18714, r.layers().get(0).kept());
    assertTrue(r.masked());
    assertEquals(0.1, r.totalDensity());
    assertEquals(26620, r.params().prunableKept());
    assertEquals(26620, r.flops().sparse());
    assertEquals(0.276, r.history().get(0).testAccuracy());
    assertEquals("erk", r.pruning().allocator());
    MetricsJson m = r.metrics();
    assertEquals(500, m.count());
    assertEquals(0.276, m.accuracy());
    assertEquals(0.6953298, m.ood().get("mnist").get("odin").auroc());
    assertEquals(50, m.robustness().count());
    assertEquals(0.06, m.robustness().fgsm().get(0).accuracy());
    assertEquals(10, m.robustness().pgd().get(0).steps());
    assertEquals(15, r.reliability().table().size());
    assertTrue(r.checksums().get("weights.npz").startsWith("sha256:"));
    assertTrue(r.reproducibility().contains("threads 2"));
    assertTrue(r.updates().isEmpty());
  }

  @Test
  void readsTheUpdatedReport() throws Exception {
    ReportJson r = RunReevaluation.readReport(fixture("report-updated.json"));
    assertEquals(1, r.updates().size());
    assertEquals("sparse4j eval --update-report", r.updates().get(0).by());
    assertEquals(0.5, r.updates().get(0).settings().pgdL2Eps().get(0));
    assertEquals(1, r.metrics().robustness().pgdL2().size());
    assertTrue(!r.masked() && r.config().run().dense());
  }

  @Test
  void readsTheConfigCompareAndEvalFiles() throws Exception {
    RunConfig c = Json.read(fixture("config.json"), ConfigJson.class, ConfigJson.FORMAT, ConfigJson.VERSION,
        "sparse4j run configuration").config();
    assertEquals(RunReevaluation.readReport(fixture("report.json")).config().run(), c);
    assertTrue(c.differences(c.withBackend("djl-pytorch")).isEmpty());
    assertEquals(java.util.List.of("backend: \"djl-pytorch\" → \"nd4j\""), c.differences(c.withBackend("nd4j")));

    CompareJson cmp = Json.read(fixture("compare.json"), CompareJson.class, CompareJson.FORMAT, CompareJson.VERSION,
        "sparse4j comparison");
    assertEquals("mlp", cmp.settings().model());
    assertEquals(2, cmp.runs().size());
    assertEquals("none", cmp.runs().get(0).pruner());
    assertEquals(1.0, cmp.runs().get(0).density());
    assertEquals("mnist", cmp.runs().get(1).auroc().set());
    assertEquals("8/255", cmp.runs().get(1).robustness().fgsm().get(0).label());

    EvalJson eval = Json.read(fixture("eval.json"), EvalJson.class, EvalJson.FORMAT, EvalJson.VERSION,
        "sparse4j evaluation");
    assertEquals("djl-pytorch", eval.backend());
    assertEquals(eval.metrics().accuracy(), eval.reportMetrics().accuracy());
    assertNull(eval.reportMetrics().robustness().pgdL2());
  }

  @ParameterizedTest
  @CsvSource({"report.json, dev.sparse4j.runner.report.ReportJson",
      "report-updated.json, dev.sparse4j.runner.report.ReportJson",
      "config.json, dev.sparse4j.runner.report.ConfigJson",
      "compare.json, dev.sparse4j.runner.report.CompareJson",
      "eval.json, dev.sparse4j.runner.report.EvalJson"})
  void writesTheFileBackByteForByte(String name, Class<?> type) throws Exception {
    String text = Files.readString(fixture(name), StandardCharsets.UTF_8);
    assertEquals(text, Json.text(Json.convert(Json.parse(text), type)) + "\n");
  }
}
