package dev.sparse4j.backend.sparse.internal.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Lanes} with the Java Vector API; loaded only when {@link Lanes#best()} found the module. */
final class VectorLanes implements Lanes {
  static final VectorLanes INSTANCE = new VectorLanes();
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorLanes() {}

  @Override
  public void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
    FloatVector va = FloatVector.broadcast(S, a);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    int i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
      acc1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), acc1);
    }
    for (; i + L <= n; i += L) {
      acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public void relu(float[] x, float[] y, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (; i + L <= to; i += L) {
      FloatVector.fromArray(S, x, i).max(zero).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (; i + L <= to; i += L) {
      VectorMask<Float> off = FloatVector.fromArray(S, y, i).compare(VectorOperators.LE, 0f);
      FloatVector.fromArray(S, dy, i).blend(zero, off).intoArray(dx, i);
    }
    for (; i < to; i++) {
      dx[i] = y[i] > 0 ? dy[i] : 0f;
    }
  }


  @Override
  public double sum(float[] a, int off, int n) {
    double total = 0;
    int i = 0;
    while (i + L <= n) {
      int end = Math.min(n - n % L, i + CHUNK);
      FloatVector acc = FloatVector.zero(S);
      for (; i < end; i += L) {
        acc = acc.add(FloatVector.fromArray(S, a, off + i));
      }
      total += acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      total += a[off + i];
    }
    return total;
  }

  @Override
  public void moments(float[] x, int off, int n, double[] out) {
    double[] total = new double[3];
    for (int i = off, end = off + n; i < end; i += CHUNK) {
      int len = Math.min(CHUNK, end - i);
      int stop = i + len;
      FloatVector acc = FloatVector.zero(S);
      int j = i;
      for (; j + L <= stop; j += L) {
        acc = acc.add(FloatVector.fromArray(S, x, j));
      }
      float s = acc.reduceLanes(VectorOperators.ADD);
      for (; j < stop; j++) {
        s += x[j];
      }
      // The chunk's own mean as centre: its squared deviations are small, and the chunk is in L1 for this loop.
      float c = s / len;
      FloatVector vc = FloatVector.broadcast(S, c);
      acc = FloatVector.zero(S);
      j = i;
      for (; j + L <= stop; j += L) {
        FloatVector d = FloatVector.fromArray(S, x, j).sub(vc);
        acc = d.fma(d, acc);
      }
      float q = acc.reduceLanes(VectorOperators.ADD);
      for (; j < stop; j++) {
        float d = x[j] - c;
        q += d * d;
      }
      Lanes.combine(total, len, c, q);
    }
    out[0] = total[1];
    out[1] = total[2];
  }

  @Override
  public int width() {
    return L;
  }

  @Override
  public float reduce(float[] part, int off) {
    return FloatVector.fromArray(S, part, off).reduceLanes(VectorOperators.ADD);
  }

  @Override
  public int batchTile() {
    return 8 * L;
  }

  @Override
  public void gatherMultiplyAdd(float[] src, int srcBase, int[] srcPos, float[] dst, int dstBase, int[] dstPos,
      int qFrom, int qTo, int[] rel, float[] vals, int from, int to, int n, boolean add, float init) {
    FloatVector start = FloatVector.broadcast(S, init);
    int q = qFrom;
    if (PAIRS && n == 8 * L && !add) {
      // Two positions' sixteen vectors in registers: each weight's broadcast and offset serve twice the work.
      for (; q + 2 <= qTo; q += 2) {
        pairMultiplyAdd(src, srcBase + srcPos[q], srcBase + srcPos[q + 1], dst, dstBase + dstPos[q],
            dstBase + dstPos[q + 1], rel, vals, from, to, init);
      }
    }
    // Eight vectors of examples stay in registers for the whole row of kept weights: a load and a fused
    // multiply-add per weight and vector, one store per vector at the end.
    for (; q < qTo; q++) {
      int s = srcBase + srcPos[q];
      int d = dstBase + dstPos[q];
      int b = 0;
      for (; b + 8 * L <= n; b += 8 * L) {
        int db = d + b;
        FloatVector a0 = add ? FloatVector.fromArray(S, dst, db) : start;
        FloatVector a1 = add ? FloatVector.fromArray(S, dst, db + L) : start;
        FloatVector a2 = add ? FloatVector.fromArray(S, dst, db + 2 * L) : start;
        FloatVector a3 = add ? FloatVector.fromArray(S, dst, db + 3 * L) : start;
        FloatVector a4 = add ? FloatVector.fromArray(S, dst, db + 4 * L) : start;
        FloatVector a5 = add ? FloatVector.fromArray(S, dst, db + 5 * L) : start;
        FloatVector a6 = add ? FloatVector.fromArray(S, dst, db + 6 * L) : start;
        FloatVector a7 = add ? FloatVector.fromArray(S, dst, db + 7 * L) : start;
        int sb = s + b;
        for (int e = from; e < to; e++) {
          FloatVector w = FloatVector.broadcast(S, vals[e]);
          int x = sb + rel[e];
          a0 = FloatVector.fromArray(S, src, x).fma(w, a0);
          a1 = FloatVector.fromArray(S, src, x + L).fma(w, a1);
          a2 = FloatVector.fromArray(S, src, x + 2 * L).fma(w, a2);
          a3 = FloatVector.fromArray(S, src, x + 3 * L).fma(w, a3);
          a4 = FloatVector.fromArray(S, src, x + 4 * L).fma(w, a4);
          a5 = FloatVector.fromArray(S, src, x + 5 * L).fma(w, a5);
          a6 = FloatVector.fromArray(S, src, x + 6 * L).fma(w, a6);
          a7 = FloatVector.fromArray(S, src, x + 7 * L).fma(w, a7);
        }
        a0.intoArray(dst, db);
        a1.intoArray(dst, db + L);
        a2.intoArray(dst, db + 2 * L);
        a3.intoArray(dst, db + 3 * L);
        a4.intoArray(dst, db + 4 * L);
        a5.intoArray(dst, db + 5 * L);
        a6.intoArray(dst, db + 6 * L);
        a7.intoArray(dst, db + 7 * L);
      }
      for (; b + L <= n; b += L) {
        FloatVector a0 = add ? FloatVector.fromArray(S, dst, d + b) : start;
        for (int e = from; e < to; e++) {
          a0 = FloatVector.fromArray(S, src, s + b + rel[e]).fma(FloatVector.broadcast(S, vals[e]), a0);
        }
        a0.intoArray(dst, d + b);
      }
      for (; b < n; b++) {
        float a0 = add ? dst[d + b] : init;
        for (int e = from; e < to; e++) {
          a0 += vals[e] * src[s + b + rel[e]];
        }
        dst[d + b] = a0;
      }
    }
  }

  /** Whether the two-position loops fit the vector registers: AVX-512's 32 (AVX2 has 16, which 16 vectors overfill). */
  private static final boolean PAIRS = L >= 16;

  private static void pairMultiplyAdd(float[] src, int s0, int s1, float[] dst, int d0, int d1, int[] rel,
      float[] vals, int from, int to, float init) {
    FloatVector start = FloatVector.broadcast(S, init);
    FloatVector a0 = start;
    FloatVector a1 = start;
    FloatVector a2 = start;
    FloatVector a3 = start;
    FloatVector a4 = start;
    FloatVector a5 = start;
    FloatVector a6 = start;
    FloatVector a7 = start;
    FloatVector c0 = start;
    FloatVector c1 = start;
    FloatVector c2 = start;
    FloatVector c3 = start;
    FloatVector c4 = start;
    FloatVector c5 = start;
    FloatVector c6 = start;
    FloatVector c7 = start;
    for (int e = from; e < to; e++) {
      FloatVector w = FloatVector.broadcast(S, vals[e]);
      int x = s0 + rel[e];
      int z = s1 + rel[e];
      a0 = FloatVector.fromArray(S, src, x).fma(w, a0);
      a1 = FloatVector.fromArray(S, src, x + L).fma(w, a1);
      a2 = FloatVector.fromArray(S, src, x + 2 * L).fma(w, a2);
      a3 = FloatVector.fromArray(S, src, x + 3 * L).fma(w, a3);
      a4 = FloatVector.fromArray(S, src, x + 4 * L).fma(w, a4);
      a5 = FloatVector.fromArray(S, src, x + 5 * L).fma(w, a5);
      a6 = FloatVector.fromArray(S, src, x + 6 * L).fma(w, a6);
      a7 = FloatVector.fromArray(S, src, x + 7 * L).fma(w, a7);
      c0 = FloatVector.fromArray(S, src, z).fma(w, c0);
      c1 = FloatVector.fromArray(S, src, z + L).fma(w, c1);
      c2 = FloatVector.fromArray(S, src, z + 2 * L).fma(w, c2);
      c3 = FloatVector.fromArray(S, src, z + 3 * L).fma(w, c3);
      c4 = FloatVector.fromArray(S, src, z + 4 * L).fma(w, c4);
      c5 = FloatVector.fromArray(S, src, z + 5 * L).fma(w, c5);
      c6 = FloatVector.fromArray(S, src, z + 6 * L).fma(w, c6);
      c7 = FloatVector.fromArray(S, src, z + 7 * L).fma(w, c7);
    }
    a0.intoArray(dst, d0);
    a1.intoArray(dst, d0 + L);
    a2.intoArray(dst, d0 + 2 * L);
    a3.intoArray(dst, d0 + 3 * L);
    a4.intoArray(dst, d0 + 4 * L);
    a5.intoArray(dst, d0 + 5 * L);
    a6.intoArray(dst, d0 + 6 * L);
    a7.intoArray(dst, d0 + 7 * L);
    c0.intoArray(dst, d1);
    c1.intoArray(dst, d1 + L);
    c2.intoArray(dst, d1 + 2 * L);
    c3.intoArray(dst, d1 + 3 * L);
    c4.intoArray(dst, d1 + 4 * L);
    c5.intoArray(dst, d1 + 5 * L);
    c6.intoArray(dst, d1 + 6 * L);
    c7.intoArray(dst, d1 + 7 * L);
  }

  @Override
  public void gatherDots(float[] a, int aBase, int[] aPos, float[] src, int srcBase, int[] srcPos, int qFrom,
      int qTo, int[] rel, int[] slot, int from, int to, float[] part, int partOff, int n) {
    for (int q = qFrom; q < qTo; q++) {
      int d = aBase + aPos[q];
      int s = srcBase + srcPos[q];
      int b = 0;
      // The output gradient's eight vectors of this position stay in registers while the kept weights go by; one
      // vector of partial sums per weight.
      for (; b + 8 * L <= n; b += 8 * L) {
        int db = d + b;
        FloatVector g0 = FloatVector.fromArray(S, a, db);
        FloatVector g1 = FloatVector.fromArray(S, a, db + L);
        FloatVector g2 = FloatVector.fromArray(S, a, db + 2 * L);
        FloatVector g3 = FloatVector.fromArray(S, a, db + 3 * L);
        FloatVector g4 = FloatVector.fromArray(S, a, db + 4 * L);
        FloatVector g5 = FloatVector.fromArray(S, a, db + 5 * L);
        FloatVector g6 = FloatVector.fromArray(S, a, db + 6 * L);
        FloatVector g7 = FloatVector.fromArray(S, a, db + 7 * L);
        int sb = s + b;
        for (int e = from; e < to; e++) {
          int x = sb + rel[e];
          FloatVector p = FloatVector.fromArray(S, src, x).mul(g0);
          FloatVector t = FloatVector.fromArray(S, src, x + L).mul(g1);
          p = FloatVector.fromArray(S, src, x + 2 * L).fma(g2, p);
          t = FloatVector.fromArray(S, src, x + 3 * L).fma(g3, t);
          p = FloatVector.fromArray(S, src, x + 4 * L).fma(g4, p);
          t = FloatVector.fromArray(S, src, x + 5 * L).fma(g5, t);
          p = FloatVector.fromArray(S, src, x + 6 * L).fma(g6, p);
          t = FloatVector.fromArray(S, src, x + 7 * L).fma(g7, t);
          int at = partOff + slot[e] * L;
          FloatVector.fromArray(S, part, at).add(p.add(t)).intoArray(part, at);
        }
      }
      for (; b + L <= n; b += L) {
        FloatVector g0 = FloatVector.fromArray(S, a, d + b);
        for (int e = from; e < to; e++) {
          int at = partOff + slot[e] * L;
          FloatVector.fromArray(S, src, s + b + rel[e]).fma(g0, FloatVector.fromArray(S, part, at))
              .intoArray(part, at);
        }
      }
      for (; b < n; b++) {
        for (int e = from; e < to; e++) {
          part[partOff + slot[e] * L] += a[d + b] * src[s + b + rel[e]];
        }
      }
    }
  }

  @Override
  public void affine(float[] x, float a, float b, boolean relu, float[] dst, int off, int n) {
    FloatVector va = FloatVector.broadcast(S, a);
    FloatVector vb = FloatVector.broadcast(S, b);
    FloatVector zero = FloatVector.zero(S);
    int i = off;
    int end = off + n;
    for (; i + L <= end; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i).fma(va, vb);
      (relu ? v.max(zero) : v).intoArray(dst, i);
    }
    for (; i < end; i++) {
      float v = a * x[i] + b;
      dst[i] = relu ? Math.max(v, 0f) : v;
    }
  }

  @Override
  public void normSums(float[] dy, float[] x, boolean relu, float ya, float yb, float c, int off, int n,
      double[] out) {
    FloatVector vc = FloatVector.broadcast(S, c);
    FloatVector va = FloatVector.broadcast(S, ya);
    FloatVector vb = FloatVector.broadcast(S, yb);
    FloatVector zero = FloatVector.zero(S);
    int i = off;
    int end = off + n;
    while (i + L <= end) {
      int stop = Math.min(end - (end - i) % L, i + CHUNK);
      FloatVector s0 = zero;
      FloatVector s1 = zero;
      for (; i < stop; i += L) {
        FloatVector g = FloatVector.fromArray(S, dy, i);
        FloatVector xv = FloatVector.fromArray(S, x, i);
        if (relu) {
          g = g.blend(zero, xv.fma(va, vb).compare(VectorOperators.LE, 0f)); // as affine computes it
        }
        s0 = s0.add(g);
        s1 = xv.sub(vc).fma(g, s1);
      }
      out[0] += s0.reduceLanes(VectorOperators.ADD);
      out[1] += s1.reduceLanes(VectorOperators.ADD);
    }
    for (; i < end; i++) {
      float g = relu && !(ya * x[i] + yb > 0) ? 0f : dy[i];
      out[0] += g;
      out[1] += g * (x[i] - c);
    }
  }

  @Override
  public void normBackward(float[] dy, float[] x, boolean relu, float ya, float yb, float a, float b, float c,
      float[] dx, int off, int n) {
    FloatVector va = FloatVector.broadcast(S, a);
    FloatVector vb = FloatVector.broadcast(S, b);
    FloatVector vc = FloatVector.broadcast(S, c);
    FloatVector vya = FloatVector.broadcast(S, ya);
    FloatVector vyb = FloatVector.broadcast(S, yb);
    FloatVector zero = FloatVector.zero(S);
    int i = off;
    int end = off + n;
    for (; i + L <= end; i += L) {
      FloatVector g = FloatVector.fromArray(S, dy, i);
      FloatVector xv = FloatVector.fromArray(S, x, i);
      if (relu) {
        g = g.blend(zero, xv.fma(vya, vyb).compare(VectorOperators.LE, 0f));
      }
      xv.fma(vb, g.fma(va, vc)).intoArray(dx, i);
    }
    for (; i < end; i++) {
      float g = relu && !(ya * x[i] + yb > 0) ? 0f : dy[i];
      dx[i] = a * g + b * x[i] + c;
    }
  }
}
