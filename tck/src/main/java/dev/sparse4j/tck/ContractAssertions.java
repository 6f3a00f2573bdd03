package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The assertions and fixtures the backend contracts share (package-private). */
final class ContractAssertions {
  private ContractAssertions() {}


  /** Gives batch-norm layers non-trivial running statistics, scales and shifts, so evaluation mode is tested. */
  static void randomizeNormState(SparseModel m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, float[]> s = m.state();
    for (ParamSpec p : m.spec().stateTensors()) {
      if (p.kind() != ParamKind.NORM && p.kind() != ParamKind.BUFFER) {
        continue;
      }
      float[] v = s.get(p.name());
      boolean positive = p.name().endsWith(".running_var") || p.name().endsWith(".weight");
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (positive ? 0.5 + r.nextDouble() : 0.6 * r.nextDouble() - 0.3);
      }
    }
    m.loadState(s);
  }

  static void assertPrunedZero(MaskSet masks, Map<String, float[]> values, String what) {
    for (String name : masks.names()) {
      float[] v = values.get(name);
      if (v == null) {
        fail(what + ": no values for " + name);
      }
      Mask mask = masks.get(name);
      for (int i = 0; i < v.length; i++) {
        if (!mask.isKept(i) && v[i] != 0.0f) {
          fail(what + ": pruned " + name + "[" + i + "] is " + v[i] + ", must be exactly 0.0");
        }
      }
    }
  }

  static void assertKeptChanged(MaskSet masks, Map<String, float[]> before, Map<String, float[]> after) {
    for (String name : masks.names()) {
      Mask mask = masks.get(name);
      boolean changed = false;
      for (int i = 0; i < mask.numel() && !changed; i++) {
        changed = mask.isKept(i) && before.get(name)[i] != after.get(name)[i];
      }
      assertTrue(changed, "kept weights of " + name + " should train");
    }
  }

  static void assertStatesEqual(Map<String, float[]> a, Map<String, float[]> b, String what) {
    assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()), what + ": names");
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), what + ": " + k);
    }
  }

  static void assertClose(double[] expected, float[] actual, double abs, double rel, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double tol = abs + rel * Math.abs(expected[i]);
      if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
        fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] + " (tolerance " + tol + ")");
      }
    }
  }

  static void assertAll(float[] v, float expected, String what) {
    for (int i = 0; i < v.length; i++) {
      assertEquals(expected, v[i], 0f, what + "[" + i + "]");
    }
  }

  static double sampleStd(double[] v) {
    double m = BackendData.mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  static <E extends Throwable> void assertMessage(Class<E> type, String fragment,
      org.junit.jupiter.api.function.Executable call) {
    E e = assertThrows(type, call);
    assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
        "message should mention '" + fragment + "': " + e.getMessage());
  }

  /** Training-mode mean cross-entropy (the loss of a step at learning rate 0) with one weight moved. */
  static double trainingLossWith(SparseModel m, Map<String, float[]> base, String name, int index,
      double delta, float[] x, int[] y, int batch) {
    return withWeight(m, base, name, index, delta, () -> m.trainStep(x, y, batch, 0.0).loss());
  }

  static double withWeight(SparseModel m, Map<String, float[]> base, String name, int index, double delta,
      java.util.function.DoubleSupplier loss) {
    Map<String, float[]> s = new LinkedHashMap<>(base);
    float[] v = base.get(name).clone();
    v[index] = (float) (v[index] + delta);
    s.put(name, v);
    m.loadState(s);
    return loss.getAsDouble();
  }
}
