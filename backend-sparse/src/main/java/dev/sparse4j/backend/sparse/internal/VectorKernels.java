package dev.sparse4j.backend.sparse.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernels of {@code sparse-cpu} (the only class that touches {@code jdk.incubator.vector}; loaded only
 * when {@link VectorSupport} found the module). They work on the batch-innermost layout of {@link PackedPlan}: every
 * activation position holds the values of {@link #LANES} examples side by side, so one kept weight multiplies whole
 * vectors of examples, and the accumulators of a tile of outputs stay in registers for the whole row of kept weights
 * (a load and a fused multiply-add per weight and vector, no store until the row is done).
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Examples per vector: 16 with AVX-512, 8 with AVX2. */
  static final int LANES = S.length();

  private VectorKernels() {}

  /**
   * One output channel of a convolution for one group of {@link #LANES} examples: for every output position
   * {@code q}, {@code y[yOff + outPos[q]] = act(bias + Σ_e vals[e] · x[xOff + inBase[q] + offs[e]] + r[yOff +
   * outPos[q]])} over the kept weights {@code start[o] … start[o+1]}, where {@code r} is a residual to add (same
   * layout as {@code y}) or null. Positions go in tiles of 8 (then 4, then 1) so each weight's broadcast and index
   * load serve 8 vector multiply-adds. The tiles are written out by hand: C2 keeps vector locals in registers, but
   * not the elements of an array of vectors.
   */
  static void convChannel(float[] x, int xOff, int[] inBase, int[] outPos, int[] start, int[] offs, float[] vals,
      int o, float bias, float[] r, boolean relu, float[] y, int yOff) {
    int from = start[o];
    int to = start[o + 1];
    int n = inBase.length;
    FloatVector b = FloatVector.broadcast(S, bias);
    FloatVector zero = FloatVector.zero(S);
    int q = 0;
    for (; q + 8 <= n; q += 8) {
      int p0 = xOff + inBase[q];
      int p1 = xOff + inBase[q + 1];
      int p2 = xOff + inBase[q + 2];
      int p3 = xOff + inBase[q + 3];
      int p4 = xOff + inBase[q + 4];
      int p5 = xOff + inBase[q + 5];
      int p6 = xOff + inBase[q + 6];
      int p7 = xOff + inBase[q + 7];
      FloatVector a0 = b;
      FloatVector a1 = b;
      FloatVector a2 = b;
      FloatVector a3 = b;
      FloatVector a4 = b;
      FloatVector a5 = b;
      FloatVector a6 = b;
      FloatVector a7 = b;
      for (int e = from; e < to; e++) {
        FloatVector w = FloatVector.broadcast(S, vals[e]);
        int off = offs[e];
        a0 = FloatVector.fromArray(S, x, p0 + off).fma(w, a0);
        a1 = FloatVector.fromArray(S, x, p1 + off).fma(w, a1);
        a2 = FloatVector.fromArray(S, x, p2 + off).fma(w, a2);
        a3 = FloatVector.fromArray(S, x, p3 + off).fma(w, a3);
        a4 = FloatVector.fromArray(S, x, p4 + off).fma(w, a4);
        a5 = FloatVector.fromArray(S, x, p5 + off).fma(w, a5);
        a6 = FloatVector.fromArray(S, x, p6 + off).fma(w, a6);
        a7 = FloatVector.fromArray(S, x, p7 + off).fma(w, a7);
      }
      if (r != null) {
        a0 = a0.add(FloatVector.fromArray(S, r, yOff + outPos[q]));
        a1 = a1.add(FloatVector.fromArray(S, r, yOff + outPos[q + 1]));
        a2 = a2.add(FloatVector.fromArray(S, r, yOff + outPos[q + 2]));
        a3 = a3.add(FloatVector.fromArray(S, r, yOff + outPos[q + 3]));
        a4 = a4.add(FloatVector.fromArray(S, r, yOff + outPos[q + 4]));
        a5 = a5.add(FloatVector.fromArray(S, r, yOff + outPos[q + 5]));
        a6 = a6.add(FloatVector.fromArray(S, r, yOff + outPos[q + 6]));
        a7 = a7.add(FloatVector.fromArray(S, r, yOff + outPos[q + 7]));
      }
      if (relu) {
        a0 = a0.max(zero);
        a1 = a1.max(zero);
        a2 = a2.max(zero);
        a3 = a3.max(zero);
        a4 = a4.max(zero);
        a5 = a5.max(zero);
        a6 = a6.max(zero);
        a7 = a7.max(zero);
      }
      a0.intoArray(y, yOff + outPos[q]);
      a1.intoArray(y, yOff + outPos[q + 1]);
      a2.intoArray(y, yOff + outPos[q + 2]);
      a3.intoArray(y, yOff + outPos[q + 3]);
      a4.intoArray(y, yOff + outPos[q + 4]);
      a5.intoArray(y, yOff + outPos[q + 5]);
      a6.intoArray(y, yOff + outPos[q + 6]);
      a7.intoArray(y, yOff + outPos[q + 7]);
    }
    for (; q + 4 <= n; q += 4) {
      int p0 = xOff + inBase[q];
      int p1 = xOff + inBase[q + 1];
      int p2 = xOff + inBase[q + 2];
      int p3 = xOff + inBase[q + 3];
      FloatVector a0 = b;
      FloatVector a1 = b;
      FloatVector a2 = b;
      FloatVector a3 = b;
      for (int e = from; e < to; e++) {
        FloatVector w = FloatVector.broadcast(S, vals[e]);
        int off = offs[e];
        a0 = FloatVector.fromArray(S, x, p0 + off).fma(w, a0);
        a1 = FloatVector.fromArray(S, x, p1 + off).fma(w, a1);
        a2 = FloatVector.fromArray(S, x, p2 + off).fma(w, a2);
        a3 = FloatVector.fromArray(S, x, p3 + off).fma(w, a3);
      }
      if (r != null) {
        a0 = a0.add(FloatVector.fromArray(S, r, yOff + outPos[q]));
        a1 = a1.add(FloatVector.fromArray(S, r, yOff + outPos[q + 1]));
        a2 = a2.add(FloatVector.fromArray(S, r, yOff + outPos[q + 2]));
        a3 = a3.add(FloatVector.fromArray(S, r, yOff + outPos[q + 3]));
      }
      if (relu) {
        a0 = a0.max(zero);
        a1 = a1.max(zero);
        a2 = a2.max(zero);
        a3 = a3.max(zero);
      }
      a0.intoArray(y, yOff + outPos[q]);
      a1.intoArray(y, yOff + outPos[q + 1]);
      a2.intoArray(y, yOff + outPos[q + 2]);
      a3.intoArray(y, yOff + outPos[q + 3]);
    }
    for (; q < n; q++) {
      int p0 = xOff + inBase[q];
      // Two interleaved sums halve the dependency chain of a lone position.
      FloatVector a0 = b;
      FloatVector a1 = zero;
      int e = from;
      for (; e + 1 < to; e += 2) {
        a0 = FloatVector.fromArray(S, x, p0 + offs[e]).fma(FloatVector.broadcast(S, vals[e]), a0);
        a1 = FloatVector.fromArray(S, x, p0 + offs[e + 1]).fma(FloatVector.broadcast(S, vals[e + 1]), a1);
      }
      if (e < to) {
        a0 = FloatVector.fromArray(S, x, p0 + offs[e]).fma(FloatVector.broadcast(S, vals[e]), a0);
      }
      a0 = a0.add(a1);
      if (r != null) {
        a0 = a0.add(FloatVector.fromArray(S, r, yOff + outPos[q]));
      }
      if (relu) {
        a0 = a0.max(zero);
      }
      a0.intoArray(y, yOff + outPos[q]);
    }
  }

  /**
   * Output rows {@code rowFrom … rowTo−1} of a linear layer for one group of {@code vectors · LANES} examples, one or
   * two vectors ({@link #linearTiledRows} does four; {@code x} is {@code [in][width]} from {@code xOff}, {@code y} is
   * {@code [out][width]} from {@code yOff}): {@code y[o] = act(bias[o] + Σ_e vals[e] · x[cols[e]])}. Two or four
   * interleaved sums per vector shorten the dependency chains of these narrow rows.
   */
  static void linearRows(float[] x, int xOff, int vectors, int[] start, int[] cols, float[] vals, float[] bias,
      boolean relu, float[] y, int yOff, int rowFrom, int rowTo) {
    if (vectors != 1 && vectors != 2) {
      throw new IllegalArgumentException("linearRows takes 1 or 2 vectors a row, got " + vectors
          + " (4 go to linearTiledRows or linearDenseRows)");
    }
    int width = vectors * LANES;
    FloatVector zero = FloatVector.zero(S);
    for (int o = rowFrom; o < rowTo; o++) {
      FloatVector b = FloatVector.broadcast(S, bias == null ? 0f : bias[o]);
      int from = start[o];
      int to = start[o + 1];
      int yo = yOff + o * width;
      if (vectors == 2) {
        FloatVector a0 = b;
        FloatVector a1 = b;
        FloatVector c0 = zero;
        FloatVector c1 = zero;
        int e = from;
        for (; e + 1 < to; e += 2) {
          FloatVector w = FloatVector.broadcast(S, vals[e]);
          FloatVector u = FloatVector.broadcast(S, vals[e + 1]);
          int p = xOff + cols[e] * width;
          int r = xOff + cols[e + 1] * width;
          a0 = FloatVector.fromArray(S, x, p).fma(w, a0);
          a1 = FloatVector.fromArray(S, x, p + LANES).fma(w, a1);
          c0 = FloatVector.fromArray(S, x, r).fma(u, c0);
          c1 = FloatVector.fromArray(S, x, r + LANES).fma(u, c1);
        }
        if (e < to) {
          FloatVector w = FloatVector.broadcast(S, vals[e]);
          int p = xOff + cols[e] * width;
          a0 = FloatVector.fromArray(S, x, p).fma(w, a0);
          a1 = FloatVector.fromArray(S, x, p + LANES).fma(w, a1);
        }
        a0 = a0.add(c0);
        a1 = a1.add(c1);
        store(relu ? a0.max(zero) : a0, y, yo);
        store(relu ? a1.max(zero) : a1, y, yo + LANES);
      } else {
        FloatVector a0 = b;
        FloatVector a1 = zero;
        FloatVector a2 = zero;
        FloatVector a3 = zero;
        int e = from;
        for (; e + 3 < to; e += 4) {
          a0 = FloatVector.fromArray(S, x, xOff + cols[e] * width).fma(FloatVector.broadcast(S, vals[e]), a0);
          a1 = FloatVector.fromArray(S, x, xOff + cols[e + 1] * width).fma(FloatVector.broadcast(S, vals[e + 1]), a1);
          a2 = FloatVector.fromArray(S, x, xOff + cols[e + 2] * width).fma(FloatVector.broadcast(S, vals[e + 2]), a2);
          a3 = FloatVector.fromArray(S, x, xOff + cols[e + 3] * width).fma(FloatVector.broadcast(S, vals[e + 3]), a3);
        }
        for (; e < to; e++) {
          a0 = FloatVector.fromArray(S, x, xOff + cols[e] * width).fma(FloatVector.broadcast(S, vals[e]), a0);
        }
        a0 = a0.add(a1).add(a2.add(a3));
        store(relu ? a0.max(zero) : a0, y, yo);
      }
    }
  }

  /**
   * Like {@link #linearRows} with four vectors, over column tiles: {@code ptr[t·out + o] … ptr[t·out + o + 1]} are
   * row {@code o}'s kept weights in tile {@code t}. All rows of the band go through one tile before the next, so
   * the tile's slice of {@code x} stays in cache; partial sums wait in {@code y}.
   */
  static void linearTiledRows(float[] x, int xOff, int tiles, int out, int[] ptr, int[] cols, float[] vals,
      float[] bias, boolean relu, float[] y, int yOff, int rowFrom, int rowTo) {
    int width = 4 * LANES;
    FloatVector zero = FloatVector.zero(S);
    for (int t = 0; t < tiles; t++) {
      boolean first = t == 0;
      boolean last = t == tiles - 1;
      for (int o = rowFrom; o < rowTo; o++) {
        int yo = yOff + o * width;
        FloatVector a0;
        FloatVector a1;
        FloatVector a2;
        FloatVector a3;
        if (first) {
          a0 = FloatVector.broadcast(S, bias == null ? 0f : bias[o]);
          a1 = a0;
          a2 = a0;
          a3 = a0;
        } else {
          a0 = FloatVector.fromArray(S, y, yo);
          a1 = FloatVector.fromArray(S, y, yo + LANES);
          a2 = FloatVector.fromArray(S, y, yo + 2 * LANES);
          a3 = FloatVector.fromArray(S, y, yo + 3 * LANES);
        }
        int to = ptr[t * out + o + 1];
        for (int e = ptr[t * out + o]; e < to; e++) {
          FloatVector w = FloatVector.broadcast(S, vals[e]);
          int p = xOff + cols[e] * width;
          a0 = FloatVector.fromArray(S, x, p).fma(w, a0);
          a1 = FloatVector.fromArray(S, x, p + LANES).fma(w, a1);
          a2 = FloatVector.fromArray(S, x, p + 2 * LANES).fma(w, a2);
          a3 = FloatVector.fromArray(S, x, p + 3 * LANES).fma(w, a3);
        }
        if (last && relu) {
          a0 = a0.max(zero);
          a1 = a1.max(zero);
          a2 = a2.max(zero);
          a3 = a3.max(zero);
        }
        store(a0, y, yo);
        store(a1, y, yo + LANES);
        store(a2, y, yo + 2 * LANES);
        store(a3, y, yo + 3 * LANES);
      }
    }
  }

  /**
   * Output rows {@code rowFrom … rowTo−1} of a dense linear layer ({@code w} row-major {@code [out][in]}), four
   * vectors of examples per group: like {@link #linearRows} without the column indices, so the input walks
   * {@code x} in order.
   */
  static void linearDenseRows(float[] x, int xOff, int in, float[] w, float[] bias, boolean relu, float[] y, int yOff,
      int rowFrom, int rowTo) {
    int width = 4 * LANES;
    FloatVector zero = FloatVector.zero(S);
    for (int o = rowFrom; o < rowTo; o++) {
      FloatVector a0 = FloatVector.broadcast(S, bias == null ? 0f : bias[o]);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      int base = o * in;
      for (int c = 0; c < in; c++) {
        FloatVector v = FloatVector.broadcast(S, w[base + c]);
        int p = xOff + c * width;
        a0 = FloatVector.fromArray(S, x, p).fma(v, a0);
        a1 = FloatVector.fromArray(S, x, p + LANES).fma(v, a1);
        a2 = FloatVector.fromArray(S, x, p + 2 * LANES).fma(v, a2);
        a3 = FloatVector.fromArray(S, x, p + 3 * LANES).fma(v, a3);
      }
      int yo = yOff + o * width;
      store(relu ? a0.max(zero) : a0, y, yo);
      store(relu ? a1.max(zero) : a1, y, yo + LANES);
      store(relu ? a2.max(zero) : a2, y, yo + 2 * LANES);
      store(relu ? a3.max(zero) : a3, y, yo + 3 * LANES);
    }
  }

  /**
   * One output channel of a stride-1 convolution of a single example, vectors along the output row (for small
   * batches, where a vector of examples would be mostly empty). {@code xp} is the example's input zero-padded to
   * {@code [cin][·][wq]} from {@code xOff}, with slack after the end for the last row's last vector; {@code offs[e]}
   * is kept weight {@code e}'s offset {@code (ci·hp + kh)·wq + kw}. Output row {@code i} reads from
   * {@code xOff + i·wq}.
   * Lanes past the row's end compute junk that is never stored. Rows go in tiles of 8 (one vector a row) or 4 (two
   * vectors a row) so each weight serves 8 multiply-adds; wider rows take one vector at a time.
   */
  static void convChannelRows(float[] xp, int xOff, int wq, int[] start, int[] offs, float[] vals, int o,
      float bias, boolean relu, float[] y, int yOff, int oh, int ow) {
    int from = start[o];
    int to = start[o + 1];
    int vectors = (ow + LANES - 1) / LANES;
    float[] tmp = new float[LANES];
    FloatVector b = FloatVector.broadcast(S, bias);
    int i = 0;
    if (vectors == 1) {
      for (; i + 8 <= oh; i += 8) {
        int p = xOff + i * wq;
        FloatVector a0 = b;
        FloatVector a1 = b;
        FloatVector a2 = b;
        FloatVector a3 = b;
        FloatVector a4 = b;
        FloatVector a5 = b;
        FloatVector a6 = b;
        FloatVector a7 = b;
        for (int e = from; e < to; e++) {
          FloatVector w = FloatVector.broadcast(S, vals[e]);
          int q = p + offs[e];
          a0 = FloatVector.fromArray(S, xp, q).fma(w, a0);
          a1 = FloatVector.fromArray(S, xp, q + wq).fma(w, a1);
          a2 = FloatVector.fromArray(S, xp, q + 2 * wq).fma(w, a2);
          a3 = FloatVector.fromArray(S, xp, q + 3 * wq).fma(w, a3);
          a4 = FloatVector.fromArray(S, xp, q + 4 * wq).fma(w, a4);
          a5 = FloatVector.fromArray(S, xp, q + 5 * wq).fma(w, a5);
          a6 = FloatVector.fromArray(S, xp, q + 6 * wq).fma(w, a6);
          a7 = FloatVector.fromArray(S, xp, q + 7 * wq).fma(w, a7);
        }
        int r = yOff + i * ow;
        storeRow(a0, relu, y, r, ow, tmp);
        storeRow(a1, relu, y, r + ow, ow, tmp);
        storeRow(a2, relu, y, r + 2 * ow, ow, tmp);
        storeRow(a3, relu, y, r + 3 * ow, ow, tmp);
        storeRow(a4, relu, y, r + 4 * ow, ow, tmp);
        storeRow(a5, relu, y, r + 5 * ow, ow, tmp);
        storeRow(a6, relu, y, r + 6 * ow, ow, tmp);
        storeRow(a7, relu, y, r + 7 * ow, ow, tmp);
      }
    } else if (vectors == 2) {
      for (; i + 4 <= oh; i += 4) {
        int p = xOff + i * wq;
        FloatVector a0 = b;
        FloatVector a1 = b;
        FloatVector a2 = b;
        FloatVector a3 = b;
        FloatVector c0 = b;
        FloatVector c1 = b;
        FloatVector c2 = b;
        FloatVector c3 = b;
        for (int e = from; e < to; e++) {
          FloatVector w = FloatVector.broadcast(S, vals[e]);
          int q = p + offs[e];
          a0 = FloatVector.fromArray(S, xp, q).fma(w, a0);
          c0 = FloatVector.fromArray(S, xp, q + LANES).fma(w, c0);
          a1 = FloatVector.fromArray(S, xp, q + wq).fma(w, a1);
          c1 = FloatVector.fromArray(S, xp, q + wq + LANES).fma(w, c1);
          a2 = FloatVector.fromArray(S, xp, q + 2 * wq).fma(w, a2);
          c2 = FloatVector.fromArray(S, xp, q + 2 * wq + LANES).fma(w, c2);
          a3 = FloatVector.fromArray(S, xp, q + 3 * wq).fma(w, a3);
          c3 = FloatVector.fromArray(S, xp, q + 3 * wq + LANES).fma(w, c3);
        }
        int r = yOff + i * ow;
        storeRow(a0, relu, y, r, LANES, tmp);
        storeRow(c0, relu, y, r + LANES, ow - LANES, tmp);
        storeRow(a1, relu, y, r + ow, LANES, tmp);
        storeRow(c1, relu, y, r + ow + LANES, ow - LANES, tmp);
        storeRow(a2, relu, y, r + 2 * ow, LANES, tmp);
        storeRow(c2, relu, y, r + 2 * ow + LANES, ow - LANES, tmp);
        storeRow(a3, relu, y, r + 3 * ow, LANES, tmp);
        storeRow(c3, relu, y, r + 3 * ow + LANES, ow - LANES, tmp);
      }
    }
    // Remaining rows, and rows of more than two vectors: one vector at a time.
    for (; i < oh; i++) {
      for (int v = 0; v < vectors; v++) {
        int p = xOff + i * wq + v * LANES;
        FloatVector a0 = b;
        for (int e = from; e < to; e++) {
          a0 = FloatVector.fromArray(S, xp, p + offs[e]).fma(FloatVector.broadcast(S, vals[e]), a0);
        }
        storeRow(a0, relu, y, yOff + i * ow + v * LANES, Math.min(LANES, ow - v * LANES), tmp);
      }
    }
  }

  /** The first {@code n} lanes of {@code a} (after ReLU if asked) into {@code y} from {@code at}. */
  private static void storeRow(FloatVector a, boolean relu, float[] y, int at, int n, float[] tmp) {
    FloatVector v = relu ? a.max(FloatVector.zero(S)) : a;
    if (n == LANES) {
      v.intoArray(y, at);
    } else {
      v.intoArray(tmp, 0);
      System.arraycopy(tmp, 0, y, at, n);
    }
  }

  private static void store(FloatVector v, float[] y, int at) {
    v.intoArray(y, at);
  }
}
