package dev.sparse4j.backend.sparse.internal.train;

import java.util.Arrays;

/**
 * A direct convolution on its kept weights (no im2col), on feature-major activations (each input position holds the
 * whole batch side by side), register-tiled: per position, vectors of examples stay in registers while the kept
 * weights of one output channel (forward, weight gradient) or one input channel (input gradient, through the column
 * view) go by ({@link Lanes#gatherMultiplyAdd}, {@link Lanes#gatherDots}).
 *
 * <p>The forward pass, the weight gradient and the input gradient of a stride-1 convolution read their source as it
 * is, without a padded copy: {@link BorderTaps} gives positions near the border only the taps that land inside. The
 * input gradient of a strided convolution adds each tap's terms into a padded input gradient that is cropped at the
 * end. Threads own output rows (forward, input gradient) — so the rows they read stay in cache for every channel —
 * or output channels (weight gradient, which goes through the positions one output row at a time for the same
 * reason).
 */
final class ConvNode implements Node {
  private final String path;
  private final int cin;
  private final int cout;
  private final int k;
  private final int stride;
  private final int pad;
  private final ParamTensor weight;
  private final ParamTensor bias;
  /** The last input (the producer's array, read again by the weight gradient of the same pass). */
  private float[] x;
  private float[] y;
  private float[] dx;
  private float[] dxp;
  /** The taps of the forward pass and weight gradient, and of the stride-1 input gradient, for {@link #tapsKey}. */
  private BorderTaps taps;
  private BorderTaps flippedTaps;
  private TapsKey tapsKey;
  private int batch;
  private int h;
  private int wd;
  private int oh;
  private int ow;

  ConvNode(String path, int cin, int cout, int k, int stride, int pad, ParamTensor weight, ParamTensor bias) {
    this.path = path;
    this.cin = cin;
    this.cout = cout;
    this.k = k;
    this.stride = stride;
    this.pad = pad;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public Act forward(Act input, Pass pass) {
    int[] s = input.shape();
    if (s.length != 3 || s[0] != cin) {
      throw new IllegalStateException(path + " expects " + cin + " input channels, got shape " + Arrays.toString(s));
    }
    batch = input.batch();
    h = s[1];
    wd = s[2];
    oh = (h + 2 * pad - k) / stride + 1;
    ow = (wd + 2 * pad - k) / stride + 1;
    int n = batch;
    int plane = oh * ow * n;
    x = input.v();
    float[] y = this.y = Reuse.of(this.y, cout * plane); // every entry written once, from the bias
    KeptIndex idx = weight.index();
    BorderTaps t = taps(idx);
    float[] vals = t.values(weight.values());
    float[] bv = bias == null ? null : bias.values();
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    float[] x = this.x;
    Parallel.range(pass.pool(), oh, (long) idx.kept() * plane, (from, to) -> {
      int[] runs = t.runBuffer();
      // One output row at a time for every channel: the k input rows it reads (all channels, ~0.8 MB on ResNet-20
      // at batch 128) stay in the core's L2 while every output channel goes by.
      for (int row = from; row < to; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int o = 0; o < cout; o++) {
            for (int sg = 0; sg < t.segments(); sg++) {
              multiplyAdd(lanes, x, b, t.srcPos, y, o * plane + b, t.dstPos, row * ow + t.segFrom[sg],
                  row * ow + t.segFrom[sg + 1], t.rel, vals, runs, t.runs(o, t.rowKind[row], sg, runs),
                  Math.min(tile, n - b), bv == null ? 0f : bv[o]);
            }
          }
        }
      }
    });
    return new Act(y, new int[] {cout, oh, ow}, n);
  }

  /** What the tap lists depend on: the kept entries (by identity: a new mask is a new index) and the input shape. */
  private record TapsKey(KeptIndex index, int batch, int h, int w) {}

  /** The forward taps for the current mask and shape (and the flipped ones, rebuilt with them when used). */
  private BorderTaps taps(KeptIndex idx) {
    TapsKey key = new TapsKey(idx, batch, h, wd);
    if (!key.equals(tapsKey)) {
      taps = BorderTaps.ofRows(idx, k, pad, stride, oh, ow, h, wd, batch);
      flippedTaps = null;
      tapsKey = key;
    }
    return taps;
  }

  /** The inside of planes padded by {@code border}, written into {@code out}. */
  static float[] cropped(float[] v, int channels, int rows, int cols, int border, int n, float[] out) {
    if (border == 0) {
      return v;
    }
    int pr = rows + 2 * border;
    int pc = cols + 2 * border;
    for (int c = 0; c < channels; c++) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(v, ((c * pr + r + border) * pc + border) * n, out, ((c * rows + r) * cols) * n, cols * n);
      }
    }
    return out;
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    int plane = oh * ow * batch;
    Lanes lanes = pass.lanes();
    if (pass.gradients() != Pass.Gradients.NONE) {
      if (bias != null) {
        float[] gb = pass.denseTarget(bias);
        for (int o = 0; o < cout; o++) {
          gb[o] += (float) lanes.sum(dy, o * plane, plane);
        }
      }
      weightGradients(dy, pass, plane);
    }
    if (!needInput) {
      return null;
    }
    return stride == 1 ? inputGradient(dy, pass, plane) : stridedInputGradient(dy, pass, plane);
  }

  /** Kept entries into the weight's gradient, or every entry into the pass's dense map. */
  private void weightGradients(float[] dy, Pass pass, int plane) {
    boolean kept = pass.gradients() == Pass.Gradients.KEPT;
    KeptIndex idx = kept ? weight.index() : KeptIndex.full(cout, weight.index().rowLength());
    BorderTaps t = kept ? taps(idx) : BorderTaps.ofRows(idx, k, pad, stride, oh, ow, h, wd, batch);
    int[] start = idx.start();
    float[] g = kept ? weight.grad() : pass.dense().computeIfAbsent(weight.name(), key -> new float[Math.toIntExact(weight.numel())]);
    int n = batch;
    Lanes lanes = pass.lanes();
    int width = lanes.width();
    int tile = lanes.batchTile();
    float[] x = this.x;
    Parallel.range(pass.pool(), cout, (long) idx.kept() * plane, (from, to) -> {
      int first = start[from];
      int last = start[to];
      // This part's partial sums (one per entry, at (entry − first)·width), filled one output row at a time, so
      // that the input rows each reads stay in cache for all of this part's output channels.
      float[] part = new float[(last - first) * width];
      int[] runs = t.runBuffer();
      for (int row = 0; row < oh; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int o = from; o < to; o++) {
            for (int sg = 0; sg < t.segments(); sg++) {
              for (int r = 0, nr = t.runs(o, t.rowKind[row], sg, runs); r < nr; r++) {
                lanes.gatherDots(dy, o * plane + b, t.dstPos, x, b, t.srcPos, row * ow + t.segFrom[sg],
                    row * ow + t.segFrom[sg + 1], t.rel, t.entry, runs[2 * r], runs[2 * r + 1], part,
                    -first * width, Math.min(tile, n - b));
              }
            }
          }
        }
      }
      for (int e = first; e < last; e++) {
        float total = lanes.reduce(part, (e - first) * width);
        if (kept) {
          g[e] = total;
        } else {
          g[e] += total; // the full index's entry e is dense position e
        }
      }
    });
  }

  /**
   * Stride 1: {@code dx[ci, r, q] = Σ w[o, ci, u, v] · dy[o, r + pad − u, q + pad − v]}, a convolution of the output
   * gradient with the flipped kernel (the terms whose output position is outside the plane left out), by input row
   * and through the column view.
   */
  private float[] inputGradient(float[] dy, Pass pass, int plane) {
    KeptIndex idx = weight.index();
    taps(idx);
    if (flippedTaps == null) {
      flippedTaps = BorderTaps.ofColumns(idx, k, pad, h, wd, oh, ow, batch);
    }
    BorderTaps t = flippedTaps;
    int n = batch;
    float[] vals = t.values(weight.values());
    float[] dx = this.dx = Reuse.of(this.dx, cin * h * wd * n); // every entry written once
    int hwn = h * wd * n;
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    Parallel.range(pass.pool(), h, (long) idx.kept() * plane, (from, to) -> {
      int[] runs = t.runBuffer();
      // One input row at a time, for the same reason as the forward pass.
      for (int row = from; row < to; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int ci = 0; ci < cin; ci++) {
            for (int sg = 0; sg < t.segments(); sg++) {
              multiplyAdd(lanes, dy, b, t.srcPos, dx, ci * hwn + b, t.dstPos, row * wd + t.segFrom[sg],
                  row * wd + t.segFrom[sg + 1], t.rel, vals, runs, t.runs(ci, t.rowKind[row], sg, runs),
                  Math.min(tile, n - b), 0f);
            }
          }
        }
      }
    });
    return dx;
  }

  /**
   * Any stride: each tap {@code (u, v)} of input channel {@code ci} adds {@code Σ_o w[o, ci, u, v] · dy[o, i, j]}
   * at padded input position {@code (i·stride + u, j·stride + v)}; threads own input channels.
   */
  private float[] stridedInputGradient(float[] dy, Pass pass, int plane) {
    KeptIndex idx = weight.index();
    int n = batch;
    int kk = k * k;
    int[] colStart = idx.colStart();
    int[] rows = idx.colRows();
    float[] vals = columnValues(idx, weight.values());
    int[] rel = new int[vals.length];
    for (int t = 0; t < rel.length; t++) {
      rel[t] = rows[t] * plane;
    }
    int hp = h + 2 * pad;
    int wp = wd + 2 * pad;
    int[] dyPos = grid(oh, ow, ow, 1, n);
    int[] dxPos = grid(oh, ow, wp, stride, n);
    int planeP = hp * wp * n;
    float[] dxp = this.dxp = Reuse.zeroed(this.dxp, cin * planeP);
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    Parallel.range(pass.pool(), cin, (long) idx.kept() * plane, (from, to) -> {
      for (int b = 0; b < n; b += tile) {
        for (int c = from * kk; c < to * kk; c++) {
          int u = c % kk / k;
          int v = c % k;
          lanes.gatherMultiplyAdd(dy, b, dyPos, dxp, c / kk * planeP + (u * wp + v) * n + b, dxPos, 0,
              dyPos.length, rel, vals, colStart[c], colStart[c + 1], Math.min(tile, n - b), true, 0f);
        }
      }
    });
    return pad == 0 ? dxp : cropped(dxp, cin, h, wd, pad, n, this.dx = Reuse.of(this.dx, cin * h * wd * n));
  }

  /**
   * {@link Lanes#gatherMultiplyAdd} over the {@code nRuns} runs of taps in {@code runs}: the first starts from
   * {@code init}, the others add to it (a position with no tap inside gets {@code init}). One run, the interior's,
   * keeps its sums in registers throughout; only border columns pay a store and a load per extra run.
   */
  private static void multiplyAdd(Lanes lanes, float[] src, int srcBase, int[] srcPos, float[] dst, int dstBase,
      int[] dstPos, int qFrom, int qTo, int[] rel, float[] vals, int[] runs, int nRuns, int n, float init) {
    if (nRuns == 0) {
      lanes.gatherMultiplyAdd(src, srcBase, srcPos, dst, dstBase, dstPos, qFrom, qTo, rel, vals, 0, 0, n, false,
          init);
    }
    for (int r = 0; r < nRuns; r++) {
      lanes.gatherMultiplyAdd(src, srcBase, srcPos, dst, dstBase, dstPos, qFrom, qTo, rel, vals, runs[2 * r],
          runs[2 * r + 1], n, r > 0, init);
    }
  }

  /** Offsets {@code (i·step·rowWidth + j·step)·n} of a {@code rows × cols} grid of positions, row by row. */
  private static int[] grid(int rows, int cols, int rowWidth, int step, int n) {
    int[] pos = new int[rows * cols];
    for (int i = 0, q = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        pos[q++] = (i * step * rowWidth + j * step) * n;
      }
    }
    return pos;
  }

  /** The kept weights in column-view order. */
  private static float[] columnValues(KeptIndex idx, float[] w) {
    int[] entries = idx.colEntries();
    float[] vals = new float[entries.length];
    for (int t = 0; t < vals.length; t++) {
      vals[t] = w[entries[t]];
    }
    return vals;
  }
}
