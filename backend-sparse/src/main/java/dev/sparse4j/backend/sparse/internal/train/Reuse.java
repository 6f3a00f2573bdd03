package dev.sparse4j.backend.sparse.internal.train;

import java.util.Arrays;

/**
 * Each node keeps its output and gradient arrays from pass to pass: a training step allocates next to nothing, so
 * the collector has nothing to do (a ResNet-20 step made ~100 MB of garbage before; G1, Parallel and Serial GC
 * then spent 15–50 % of the step collecting it). An array is only ever read in the pass that wrote it.
 */
final class Reuse {
  private Reuse() {}

  /** {@code a} if it has {@code n} floats (contents left as they are: the caller overwrites all), else a new array. */
  static float[] of(float[] a, int n) {
    return a != null && a.length == n ? a : new float[n];
  }

  /** {@code a} zeroed if it has {@code n} floats, else a new array. */
  static float[] zeroed(float[] a, int n) {
    if (a != null && a.length == n) {
      Arrays.fill(a, 0f);
      return a;
    }
    return new float[n];
  }
}
