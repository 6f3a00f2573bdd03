package dev.sparse4j.api.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Sequential;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The golden values were computed by an independent Python implementation of the documented algorithm (integer
 * SplitMix64 and FNV-1a modulo 2^64, {@code math.log/cos/sin}, rounding through {@code struct.pack('<f')}); they are
 * compared as float bit patterns.
 */
class WeightInitTest {

  private static final Conv2d CONV1 = new Conv2d("conv1", 3, 16, 3, 1, 1, false);
  private static final ParamSpec CONV1_WEIGHT = ParamSpec.of("conv1.weight", ParamKind.WEIGHT, 16, 3, 3, 3);

  @Test
  void streamStateIsMixedSeedXorNameHash() {
    // Python: mix64(42) ^ fnv1a64("conv1.weight")
    assertEquals(new dev.sparse4j.api.SplitMix64(0xcefb700b3a35a476L).nextLong(),
        WeightInit.stream(42, "conv1.weight").nextLong());
  }

  @Test
  void convWeightIsKaimingNormalFanOutGolden() {
    float[] w = WeightInit.values(CONV1, CONV1_WEIGHT, 42);
    assertEquals(432, w.length);
    assertBits(new int[] {0xbd940fd0, 0xbde370c2, 0x3d8b8ed3, 0xbbec838e, 0xbe06d56b}, Arrays.copyOf(w, 5));
    assertBits(new int[] {0xbd3c06dc}, new float[] {w[431]});
  }

  @Test
  void oddSizedNormalTensorDropsTheLastSine() {
    float[] w = WeightInit.values(new Conv2d("c", 1, 1, 3, 1, 1, false),
        ParamSpec.of("c.weight", ParamKind.WEIGHT, 1, 1, 3, 3), -7);
    assertBits(new int[] {0x3e985287, 0xbd9f384c, 0xbddfabde, 0x3d9adf7d, 0xbdbe0a6a, 0x3eac9fec, 0xbf496c03,
        0x3ebc29fd, 0xbeaba19b}, w);
  }

  @Test
  void linearAndConvBiasAreUniformGolden() {
    Linear fc = new Linear("fc", 64, 10, true);
    float[] w = WeightInit.values(fc, ParamSpec.of("fc.weight", ParamKind.WEIGHT, 10, 64), 42);
    assertBits(new int[] {0x3c92eecc, 0xbdfd302c, 0x3dcc11e8, 0xbc83f9af}, Arrays.copyOf(w, 4));
    float[] b = WeightInit.values(fc, ParamSpec.of("fc.bias", ParamKind.BIAS, 10), 42);
    assertBits(new int[] {0x3d8bde83, 0x3dbac794, 0x3d9e6898}, Arrays.copyOf(b, 3));
    float[] cb = WeightInit.values(new Conv2d("c", 4, 2, 3, 1, 1, true), ParamSpec.of("c.bias", ParamKind.BIAS, 2), 5);
    assertBits(new int[] {0x3de29115, 0xbce3f8da}, cb);
  }

  @Test
  void valuesStayInsideTheFanInBound() {
    Linear fc = new Linear("fc", 400, 10, true);
    double max = 0;
    for (float v : WeightInit.values(fc, ParamSpec.of("fc.weight", ParamKind.WEIGHT, 10, 400), 5)) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= 0.05 && max > 0.049, "max |w| " + max + " should approach 1/sqrt(400)");
    double convBound = 1 / Math.sqrt(4 * 9);
    for (float v : WeightInit.values(new Conv2d("c", 4, 2, 3, 1, 1, true),
        ParamSpec.of("c.bias", ParamKind.BIAS, 2), 9)) {
      assertTrue(Math.abs(v) <= convBound);
    }
  }

  @Test
  void streamsDependOnSeedAndName() {
    ParamSpec other = ParamSpec.of("conv2.weight", ParamKind.WEIGHT, 16, 3, 3, 3);
    Conv2d conv2 = new Conv2d("conv2", 3, 16, 3, 1, 1, false);
    assertArrayEquals(WeightInit.values(CONV1, CONV1_WEIGHT, 1), WeightInit.values(CONV1, CONV1_WEIGHT, 1));
    assertFalse(Arrays.equals(WeightInit.values(CONV1, CONV1_WEIGHT, 1), WeightInit.values(CONV1, CONV1_WEIGHT, 2)));
    assertFalse(Arrays.equals(WeightInit.values(CONV1, CONV1_WEIGHT, 1), WeightInit.values(conv2, other, 1)));
  }

  @Test
  void initialStateCoversEveryTensorInStateDictOrder() {
    ModelSpec spec = small();
    Map<String, float[]> state = WeightInit.initialState(spec, 42);
    assertEquals(spec.stateTensors().stream().map(ParamSpec::name).toList(), List.copyOf(state.keySet()));
    for (ParamSpec p : spec.stateTensors()) {
      assertEquals(p.numel(), state.get(p.name()).length, p.name());
    }
    assertArrayEquals(new float[] {1, 1, 1, 1}, state.get("bn1.weight"));
    assertArrayEquals(new float[4], state.get("bn1.bias"));
    assertArrayEquals(new float[4], state.get("bn1.running_mean"));
    assertArrayEquals(new float[] {1, 1, 1, 1}, state.get("bn1.running_var"));
    assertArrayEquals(WeightInit.values(new Conv2d("conv1", 1, 4, 3, 1, 1, false),
        ParamSpec.of("conv1.weight", ParamKind.WEIGHT, 4, 1, 3, 3), 42), state.get("conv1.weight"));
    assertArrayEquals(WeightInit.values(spec, "fc.bias", 42), state.get("fc.bias"));
    assertThrows(UnsupportedOperationException.class, () -> state.put("x", new float[0]));
  }

  @Test
  void unknownTensorNameIsRefusedWithTheAlternatives() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WeightInit.values(small(), "fc.weigth", 0));
    assertTrue(e.getMessage().contains("no tensor 'fc.weigth'"), e.getMessage());
  }

  @Test
  void refusesLayersWithoutParametersAndMismatchedTensors() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> WeightInit.values(new Relu("r"), ParamSpec.of("r.weight", ParamKind.OTHER, 1), 0));
    assertTrue(none.getMessage().contains("has no parameters"), none.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> WeightInit.values(CONV1, ParamSpec.of("conv1.weight", ParamKind.WEIGHT, 16, 3, 5, 5), 0));
    assertTrue(shape.getMessage().contains("has shape 16x3x5x5") && shape.getMessage().contains("needs 16x3x3x3"),
        shape.getMessage());
    IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
        () -> WeightInit.values(CONV1, ParamSpec.of("conv1.bias", ParamKind.BIAS, 16), 0));
    assertTrue(bias.getMessage().contains("owns only weight"), bias.getMessage());
  }

  private static ModelSpec small() {
    Sequential root = Sequential.of("", new Conv2d("conv1", 1, 4, 3, 1, 1, false),
        new BatchNorm2d("bn1", 4, 1e-5, 0.1), new Relu(""), new GlobalAvgPool2d(""), new Linear("fc", 4, 3, true));
    return new ModelSpec("small", new int[] {1, 8, 8}, 3, root, Map.of());
  }

  private static void assertBits(int[] expected, float[] actual) {
    int[] bits = new int[actual.length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToIntBits(actual[i]);
    }
    assertArrayEquals(expected, bits, () -> "got " + Arrays.toString(actual));
  }

  @Test
  void keptValuesAreTheDenseValuesAtTheKeptPositions() {
    // The linear rule draws one value per position, the conv rule Box–Muller pairs: odd and even positions, a last
    // position whose pair has no partner (27 taps per filter, 5 filters = 135 positions) and whole empty rows.
    Linear fc = new Linear("fc", 7, 10, true);
    ParamSpec fcWeight = ParamSpec.of("fc.weight", ParamKind.WEIGHT, 10, 7);
    Conv2d conv = new Conv2d("c", 3, 5, 3, 1, 1, false);
    ParamSpec convWeight = ParamSpec.of("c.weight", ParamKind.WEIGHT, 5, 3, 3, 3);
    for (Object[] c : new Object[][] {{fc, fcWeight}, {conv, convWeight}}) {
      dev.sparse4j.api.model.Layer layer = (dev.sparse4j.api.model.Layer) c[0];
      ParamSpec p = (ParamSpec) c[1];
      float[] dense = WeightInit.values(layer, p, 42);
      boolean[] keep = new boolean[dense.length];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = (i % 3 == 0 || i == keep.length - 1) && i / (keep.length / p.dim(0)) != 1; // row 1 empty
      }
      dev.sparse4j.api.KeptMask mask = dev.sparse4j.api.KeptMask.of(dev.sparse4j.api.Mask.ofBooleans(p.shape(), keep));
      float[] kept = WeightInit.keptValues(layer, p, 42, mask);
      float[] expected = new float[mask.kept()];
      for (int i = 0, k = 0; i < dense.length; i++) {
        if (keep[i]) {
          expected[k++] = dense[i];
        }
      }
      assertArrayEquals(expected, kept, p.name());
    }
  }

  @Test
  void keptValuesRefuseAnotherShapeOrATensorWithoutARule() {
    Linear fc = new Linear("fc", 7, 10, true);
    ParamSpec fcWeight = ParamSpec.of("fc.weight", ParamKind.WEIGHT, 10, 7);
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> WeightInit.keptValues(fc, fcWeight, 1, dev.sparse4j.api.KeptMask.dense(7, 10)));
    assertTrue(shape.getMessage().contains("has shape 7x10 but the tensor has 10x7"), shape.getMessage());
    ParamSpec bias = ParamSpec.of("fc.bias", ParamKind.BIAS, 10, 1);
    assertThrows(IllegalArgumentException.class,
        () -> WeightInit.keptValues(fc, bias, 1, dev.sparse4j.api.KeptMask.dense(10, 1)));
  }
}
