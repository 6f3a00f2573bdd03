package dev.sparse4j.backend.sparse.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The activation arrays of one chunk of a vector plan, kept for the next chunk on the same thread: a plan asks for
 * the same arrays in the same order every time, so the n-th request gets the n-th array of the previous run when its
 * length and layout match (and a new, zeroed one otherwise). Reuse keeps the activations in cache and spares the
 * allocation and zeroing of megabyte arrays at every layer. A reused array still holds the previous run's values:
 * callers overwrite every position they read later, and the zero border of a layout is never written, so it stays
 * zero. Not thread-safe: one per running chunk.
 */
final class Buffers {
  private final List<float[]> arrays = new ArrayList<>();
  private final List<int[]> layouts = new ArrayList<>();
  private int next;

  /** Starts a run: requests are matched from the first array again. */
  Buffers reset() {
    next = 0;
    return this;
  }

  /** An array of {@code length} for an activation of {@code groups} groups of {@code width}, shape {@code shape}. */
  float[] take(int length, int groups, int width, int[] shape) {
    int[] layout = new int[shape.length + 2];
    layout[0] = groups;
    layout[1] = width;
    System.arraycopy(shape, 0, layout, 2, shape.length);
    int k = next++;
    if (k < arrays.size() && arrays.get(k).length == length && Arrays.equals(layouts.get(k), layout)) {
      return arrays.get(k);
    }
    float[] a = new float[length];
    if (k < arrays.size()) {
      arrays.set(k, a);
      layouts.set(k, layout);
    } else {
      arrays.add(a);
      layouts.add(layout);
    }
    return a;
  }
}
