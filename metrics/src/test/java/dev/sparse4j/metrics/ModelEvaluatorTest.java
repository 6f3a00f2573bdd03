package dev.sparse4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.sparse4j.api.spi.Capability;
import java.util.Set;

class ModelEvaluatorTest {

  /** A pure-Java model whose logits are its 3 input values times {@code scale}; records each batch size. */
  static final class IdentityModel implements SparseModel {
    final ModelSpec spec = new ModelSpec("identity", new int[] {3}, 3, Sequential.of("", new Linear("fc", 3, 3, false)),
        Map.of());
    final List<Integer> batches = new ArrayList<>();
    float scale = 1f;
    int extraLogits = 0;

    @Override
    public ModelSpec spec() {
      return spec;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.INPUT_GRADIENTS);
    }

    @Override
    public String backendId() {
      return "fake";
    }

    @Override
    public List<ParamSpec> parameters() {
      return spec.parameters();
    }

    @Override
    public float[] logits(float[] inputs, int batchSize) {
      assertEquals(batchSize * 3, inputs.length, "one example is 3 values");
      batches.add(batchSize);
      float[] out = new float[inputs.length + extraLogits];
      for (int i = 0; i < inputs.length; i++) {
        out[i] = scale * inputs[i];
      }
      return out;
    }

    @Override
    public Map<String, float[]> state() {
      return Map.of();
    }

    @Override
    public void loadState(Map<String, float[]> state) {}

    @Override
    public void applyMasks(MaskSet masks) {}

    @Override
    public MaskSet masks() {
      return MaskSet.empty();
    }

    @Override
    public void setOptimizer(OptimizerConfig config) {}

    @Override
    public StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, float[]> optimizerState() {
      return Map.of();
    }

    @Override
    public void loadOptimizerState(Map<String, float[]> state) {}

    @Override
    public float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static Dataset flat(String name, float[] pixels, int[] labels) {
    return new Dataset(name, pixels, labels, new int[] {3}, 3);
  }

  // Seven confident ID examples: the largest input is at the label except for example 6 (label 0, argmax 2).
  private static final float[] ID_PIXELS = {
      9, 0, 0,
      0, 9, 0,
      0, 0, 9,
      9, 0, 0,
      0, 9, 0,
      0, 0, 9,
      0, 0, 9};
  private static final int[] ID_LABELS = {0, 1, 2, 0, 1, 2, 0};
  // Three flat OOD examples: every score is lower than any ID example's.
  private static final float[] OOD_PIXELS = {1, 1, 1, 0, 0, 0, 2, 2, 2};

  @Test
  void batchesCoverEveryExampleInOrderAndMetricsFollowTheLogits() {
    IdentityModel model = new IdentityModel();
    Dataset test = flat("id", ID_PIXELS, ID_LABELS);
    Dataset ood = flat("ood", OOD_PIXELS, new int[] {0, 0, 0});
    EvaluationResult r = new ModelEvaluator(3, LogitScore.defaults()).evaluate(model, test, Map.of("flat", ood));

    assertEquals(List.of(3, 3, 1, 3), model.batches, "7 test examples in 3 + 3 + 1, then 3 OOD examples");
    assertArrayEquals(ID_PIXELS, r.testLogits(), "identity model: logits are the inputs, rows in order");
    assertArrayEquals(OOD_PIXELS, r.oodLogits().get("flat"));
    assertArrayEquals(ID_LABELS, r.testLabels());
    assertEquals(3, r.numClasses());

    assertEquals(6 / 7.0, r.accuracy(), 1e-12, "only example 6 is wrong");
    assertEquals(7, r.classification().count());
    // Each row's softmax is (e^9, 1, 1) / (e^9 + 2): NLL of a right row is log(1 + 2e^-9), of the wrong one
    // log(e^9 + 2) − 0 = 9 + log(1 + 2e^-9).
    double right = Math.log(1 + 2 * Math.exp(-9));
    assertEquals((7 * right + 9) / 7, r.classification().nll(), 1e-9);

    OodReport o = r.ood("flat");
    assertEquals(List.of("msp", "maxLogit", "energy"), o.scoreNames());
    assertEquals(7, o.idCount());
    assertEquals(3, o.oodCount());
    for (String s : o.scoreNames()) {
      assertEquals(1.0, o.get(s).auroc(), 1e-12, s + ": every ID example scores above every OOD example");
      assertEquals(0.0, o.get(s).fpr95(), 1e-12, s);
    }
  }

  @Test
  void noOodSetsIsFine() {
    IdentityModel model = new IdentityModel();
    EvaluationResult r = new ModelEvaluator().evaluate(model, flat("id", ID_PIXELS, ID_LABELS), new LinkedHashMap<>());
    assertTrue(r.ood().isEmpty());
    assertEquals(List.of(7), model.batches, "the default batch of 500 takes all 7 at once");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.ood("mnist"));
    assertTrue(e.getMessage().contains("no OOD set 'mnist'"), e.getMessage());
  }

  @Test
  void badInputsAreExplained() {
    IdentityModel model = new IdentityModel();
    Dataset test = flat("id", ID_PIXELS, ID_LABELS);
    Dataset wrongShape = new Dataset("digits", new float[8], new int[] {0, 0}, new int[] {1, 2, 2}, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelEvaluator().evaluate(model, test, Map.of("digits", wrongShape)));
    assertTrue(e.getMessage().contains("OOD set digits") && e.getMessage().contains("[1, 2, 2]")
        && e.getMessage().contains("[3]"), e.getMessage());

    Dataset tooManyClasses = new Dataset("big", new float[3], new int[] {7}, new int[] {3}, 10);
    e = assertThrows(IllegalArgumentException.class, () -> new ModelEvaluator().evaluate(model, tooManyClasses,
        Map.of()));
    assertTrue(e.getMessage().contains("10 classes") && e.getMessage().contains("only 3 outputs"), e.getMessage());

    Dataset empty = flat("empty", new float[0], new int[0]);
    e = assertThrows(IllegalArgumentException.class, () -> new ModelEvaluator().evaluate(model, empty, Map.of()));
    assertTrue(e.getMessage().contains("'empty' is empty"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> new ModelEvaluator(0, LogitScore.defaults()));
    assertTrue(e.getMessage().contains("batch size must be ≥ 1"), e.getMessage());

    model.extraLogits = 1;
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> new ModelEvaluator().evaluate(model, test, Map.of()));
    assertTrue(s.getMessage().contains("backend fake returned 22 logits for 7 examples"), s.getMessage());
  }
}
