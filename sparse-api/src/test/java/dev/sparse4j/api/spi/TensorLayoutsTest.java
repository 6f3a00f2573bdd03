package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TensorLayoutsTest {

  @Test
  void transposesAMatrixByHand() {
    // [[1, 2, 3], [4, 5, 6]] -> [[1, 4], [2, 5], [3, 6]]
    float[] outIn = {1, 2, 3, 4, 5, 6};
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, TensorLayouts.outInToInOut(outIn, new int[] {2, 3}));
    assertArrayEquals(outIn, TensorLayouts.inOutToOutIn(new float[] {1, 4, 2, 5, 3, 6}, new int[] {2, 3}));
  }

  @Test
  void convertsConvWeightsAndActivationsByHand() {
    // OIHW [2, 1, 1, 2]: o0 = (1, 2), o1 = (3, 4) along W; HWIO [1, 2, 1, 2] holds (o0, o1) for each w.
    assertArrayEquals(new float[] {1, 3, 2, 4}, TensorLayouts.oihwToHwio(new float[] {1, 2, 3, 4},
        new int[] {2, 1, 1, 2}));
    assertArrayEquals(new float[] {1, 2, 3, 4}, TensorLayouts.hwioToOihw(new float[] {1, 3, 2, 4},
        new int[] {2, 1, 1, 2}));
    // NCHW [1, 2, 2, 1]: c0 = (1, 2), c1 = (3, 4) along H; NHWC holds (c0, c1) for each h.
    assertArrayEquals(new float[] {1, 3, 2, 4}, TensorLayouts.nchwToNhwc(new float[] {1, 2, 3, 4},
        new int[] {1, 2, 2, 1}));
    assertArrayEquals(new float[] {1, 2, 3, 4}, TensorLayouts.nhwcToNchw(new float[] {1, 3, 2, 4},
        new int[] {1, 2, 2, 1}));
  }

  @Test
  void everyIndexLandsWhereTheLayoutSays() {
    int o = 5;
    int i = 3;
    int kh = 2;
    int kw = 4;
    float[] oihw = random(o * i * kh * kw, 1);
    float[] hwio = TensorLayouts.oihwToHwio(oihw, new int[] {o, i, kh, kw});
    int n = 2;
    float[] nchw = random(n * i * kh * kw, 2);
    float[] nhwc = TensorLayouts.nchwToNhwc(nchw, new int[] {n, i, kh, kw});
    for (int a = 0; a < o; a++) {
      for (int b = 0; b < i; b++) {
        for (int h = 0; h < kh; h++) {
          for (int w = 0; w < kw; w++) {
            assertEquals(oihw[((a * i + b) * kh + h) * kw + w], hwio[((h * kw + w) * i + b) * o + a]);
          }
        }
      }
    }
    for (int a = 0; a < n; a++) {
      for (int c = 0; c < i; c++) {
        for (int h = 0; h < kh; h++) {
          for (int w = 0; w < kw; w++) {
            assertEquals(nchw[((a * i + c) * kh + h) * kw + w], nhwc[((a * kh + h) * kw + w) * i + c]);
          }
        }
      }
    }
  }

  @Test
  void parametersMasksAndGradientsRoundTripThroughChannelsLast() {
    ParamSpec conv = ParamSpec.of("conv.weight", ParamKind.WEIGHT, 4, 3, 3, 2);
    ParamSpec fc = ParamSpec.of("fc.weight", ParamKind.WEIGHT, 5, 7);
    ParamSpec bias = ParamSpec.of("fc.bias", ParamKind.BIAS, 5);
    for (ParamSpec p : new ParamSpec[] {conv, fc, bias}) {
      float[] v = random(p.numel(), 3);
      float[] engine = TensorLayouts.toChannelsLast(p, v);
      assertArrayEquals(v, TensorLayouts.fromChannelsLast(p, engine), p.name());
      int[] shape = TensorLayouts.channelsLastShape(p);
      assertEquals(p.numel(), java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y));
    }
    assertArrayEquals(new int[] {3, 2, 3, 4}, TensorLayouts.channelsLastShape(conv));
    assertArrayEquals(new int[] {7, 5}, TensorLayouts.channelsLastShape(fc));
    // A mask goes through the same permutation as its weights: pruned stays pruned.
    boolean[] keep = new boolean[conv.numel()];
    for (int k = 0; k < keep.length; k += 3) {
      keep[k] = true;
    }
    Mask mask = Mask.ofBooleans(conv.shape(), keep);
    float[] w = random(conv.numel(), 4);
    float[] masked = w.clone();
    for (int k = 0; k < w.length; k++) {
      masked[k] = keep[k] ? w[k] : 0f;
    }
    float[] m = TensorLayouts.toChannelsLast(conv, mask.toFloats());
    float[] wl = TensorLayouts.toChannelsLast(conv, w);
    for (int k = 0; k < wl.length; k++) {
      wl[k] *= m[k];
    }
    assertArrayEquals(TensorLayouts.toChannelsLast(conv, masked), wl, 0f);
  }

  @Test
  void badShapesAndAxesAreRejected() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TensorLayouts.permute(new float[5], new int[] {2, 3}, 1, 0)).getMessage().contains("holds 6 values"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TensorLayouts.permute(new float[6], new int[] {2, 3}, 0, 0)).getMessage().contains("permutation"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TensorLayouts.permute(new float[6], new int[] {2, 3}, 0)).getMessage().contains("rank-2"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TensorLayouts.oihwToHwio(new float[6], new int[] {2, 3})).getMessage().contains("OIHW"));
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = (float) r.nextDouble(-1, 1);
    }
    return v;
  }
}
