package dev.sparse4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Sequential;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FlopsTest {

  /** 1×8×8 → conv a (1→4, k3, pad 1) → 4×8×8 → max-pool 2 → 4×4×4 → conv b (4→8, k3, stride 2) → 8×1×1 → fc (8→3). */
  private static ModelSpec tiny() {
    Sequential root = Sequential.of("",
        new Conv2d("a", 1, 4, 3, 1, 1, false), new Relu(""), new MaxPool2d("pool", 2, 2, 0),
        new Conv2d("b", 4, 8, 3, 2, 0, true), new Flatten("flat"), new Linear("fc", 8, 3, true));
    return new ModelSpec("tiny", new int[] {1, 8, 8}, 3, root, Map.of());
  }

  @Test
  void tinyConvNetByHand() {
    List<Flops.LayerMacs> layers = Flops.layers(tiny());
    assertEquals(3, layers.size());
    // a: 4·1·3·3 = 36 weights, each used at 8·8 = 64 positions.
    assertEquals(new Flops.LayerMacs("a.weight", 36, 64), layers.get(0));
    // b: 4×4 input, kernel 3, stride 2, no padding: ⌊(4 − 3) / 2⌋ + 1 = 1 position; 8·4·9 = 288 weights.
    assertEquals(new Flops.LayerMacs("b.weight", 288, 1), layers.get(1));
    assertEquals(new Flops.LayerMacs("fc.weight", 24, 1), layers.get(2));
    assertEquals(2304 + 288 + 24, Flops.dense(tiny()));
  }

  @Test
  void sparseCountsKeptWeightsTimesPositions() {
    boolean[] keep = new boolean[36];
    for (int i = 0; i < 10; i++) {
      keep[i * 3] = true;
    }
    MaskSet masks = MaskSet.of(Map.of("a.weight", Mask.ofBooleans(new int[] {4, 1, 3, 3}, keep)));
    // 10 kept weights × 64 positions, the other layers dense.
    assertEquals(640 + 288 + 24, Flops.sparse(tiny(), masks));
    assertEquals(Flops.dense(tiny()), Flops.sparse(tiny(), MaskSet.empty()));

    ModelSpec spec = tiny();
    DensityPlan plan = new DensityPlan("test", Map.of(), 0.5,
        List.of(new LayerDensity(spec.prunable().get(0), 0.25), new LayerDensity(spec.prunable().get(1), 0.5)),
        OptionalDouble.empty(), List.of(), 0.9);
    // round(0.25·36) = 9 kept × 64, round(0.5·288) = 144 kept × 1, fc dense 24.
    assertEquals(9 * 64 + 144 + 24, Flops.sparse(spec, plan));
    assertEquals(0.25 * 2304 + 0.5 * 288 + 24, Flops.sparse(spec, Map.of("a.weight", 0.25, "b.weight", 0.5)), 1e-9);
  }

  @Test
  void resnet20OnCifarShapedInput() {
    ModelSpec r20 = Models.create("resnet20", ModelOptions.of(new int[] {3, 32, 32}, 10));
    // conv1 16·3·9·32² = 442,368; stage 1: 6 convs 16·16·9·32² = 6 · 2,359,296;
    // stage 2 (16²): 32·16·9·256 = 1,179,648, shortcut 32·16·256 = 131,072, 5 convs 32·32·9·256 = 5 · 2,359,296;
    // stage 3 (8²): 64·32·9·64 = 1,179,648, shortcut 64·32·64 = 131,072, 5 · 64·64·9·64 = 5 · 2,359,296; fc 640.
    long expected = 442_368L + 6 * 2_359_296L
        + 1_179_648L + 131_072L + 5 * 2_359_296L
        + 1_179_648L + 131_072L + 5 * 2_359_296L
        + 640L;
    assertEquals(40_813_184L, expected);
    assertEquals(expected, Flops.dense(r20));
    // The often-quoted 40.55 M is ResNet-20 with option-A (parameter-free) shortcuts: ours has two 1×1 projections.
    assertEquals(40_551_040L, Flops.dense(r20) - 2 * 131_072L);
    assertEquals(22, Flops.layers(r20).size());
    assertEquals(r20.prunable().stream().map(p -> p.name()).toList(),
        Flops.layers(r20).stream().map(Flops.LayerMacs::weight).toList(), "same order and names as the spec");
  }

  @Test
  void resnet20AndMlpOnFashionMnistShapedInput() {
    ModelSpec r20 = Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)
        .withNormalization(new double[] {0.5}, new double[] {0.25}));
    // 28² = 784, 14² = 196, 7² = 49 positions per stage.
    long expected = 16L * 9 * 784 + 6 * 2304L * 784
        + 4608L * 196 + 512L * 196 + 5 * 9216L * 196
        + 18432L * 49 + 2048L * 49 + 5 * 36864L * 49
        + 640;
    assertEquals(31_021_952L, expected);
    assertEquals(expected, Flops.dense(r20));

    ModelSpec mlp = Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10));
    assertEquals(784L * 300 + 300L * 100 + 100L * 10, Flops.dense(mlp));
  }

  @Test
  void badInputsAreNamed() {
    MaskSet wrong = MaskSet.of(Map.of("nope.weight", Mask.dense(2, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Flops.sparse(tiny(), wrong));
    assertTrue(e.getMessage().contains("nope.weight") && e.getMessage().contains("a.weight"), e.getMessage());
    MaskSet size = MaskSet.of(Map.of("a.weight", Mask.dense(2, 2)));
    e = assertThrows(IllegalArgumentException.class, () -> Flops.sparse(tiny(), size));
    assertTrue(e.getMessage().contains("4 positions") && e.getMessage().contains("36"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Flops.sparse(tiny(), Map.of("a.weight", 1.5)));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Flops.LayerMacs("x", 4, 2).sparse(5));
    assertTrue(e.getMessage().contains("[0, 4]"), e.getMessage());
  }
}
