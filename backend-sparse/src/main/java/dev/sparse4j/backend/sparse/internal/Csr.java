package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.backend.sparse.internal.Kernels.Rows;

/**
 * Rows as compressed rows over every entry kept by the plan: a dense layer lists all its weights (a convolution's
 * dense kernel is the sparse one without skipping zeros; only 4-vector linear groups have a kernel of their own).
 */
record Csr(int[] start, int[] cols, float[] vals) {
  static Csr of(Rows rows) {
    if (!rows.dense()) {
      return new Csr(rows.start(), rows.cols(), rows.vals());
    }
    int n = rows.out() * rows.rowLength();
    int[] start = new int[rows.out() + 1];
    int[] cols = new int[n];
    for (int o = 0; o <= rows.out(); o++) {
      start[o] = o * rows.rowLength();
    }
    for (int e = 0; e < n; e++) {
      cols[e] = e % rows.rowLength();
    }
    return new Csr(start, cols, rows.vals());
  }

  /**
   * Where each kept weight of a {@code k×k} convolution reads, relative to its output position, in input planes
   * of {@code hp} rows of {@code wp} positions that are {@code scale} floats apart:
   * {@code ((ci·hp + kh)·wp + kw)·scale}.
   */
  int[] planeOffsets(int k, int hp, int wp, int scale) {
    int kk = k * k;
    int[] offs = new int[cols.length];
    for (int e = 0; e < offs.length; e++) {
      offs[e] = ((cols[e] / kk * hp + cols[e] % kk / k) * wp + cols[e] % k) * scale;
    }
    return offs;
  }
}
