package dev.sparse4j.backend.sparse.internal.train;

import java.util.Arrays;

/**
 * A direct convolution on its kept weights (no im2col), on feature-major activations (each input position holds the
 * whole batch side by side), register-tiled: per position, vectors of examples stay in registers while the kept
 * weights of one output channel (forward, weight gradient) or one input channel (input gradient, through the column
 * view) go by ({@link Lanes#gatherMultiplyAdd}, {@link Lanes#gatherDots}).
 *
 * <p>Every tap is made an in-bounds read by padding instead of testing: the forward pass and the weight gradient read
 * a copy of the input with a zero border of {@code pad}; the input gradient of a stride-1 convolution reads a copy
 * of the output gradient with a border of {@code k − 1 − pad}, and that of a strided one adds each tap's terms into
 * a padded input gradient that is cropped at the end. Threads own output rows (forward, input gradient) — so the
 * rows they read stay in cache for every channel — or output channels (weight gradient, which goes through the
 * positions one output row at a time for the same reason).
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
  /** The last input, padded by {@code pad} (the input itself without padding). */
  private float[] xp;
  private float[] xpBuffer;
  private float[] y;
  private float[] dyp;
  private float[] dx;
  private float[] dxp;
  /** Output offsets, first-tap input offsets and kept weights' tap offsets of the last forward, for its backward. */
  private int[] outPos;
  private int[] inPos;
  private int[] keptTaps;
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

  private int hp() {
    return h + 2 * pad;
  }

  private int wp() {
    return wd + 2 * pad;
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
    xpBuffer = pad == 0 ? xpBuffer : Reuse.of(xpBuffer, cin * hp() * wp() * n);
    xp = padded(input.v(), cin, h, wd, pad, n, xpBuffer);
    float[] y = this.y = Reuse.of(this.y, cout * plane); // every entry written once, from the bias
    KeptIndex idx = weight.index();
    int[] start = idx.start();
    float[] w = weight.values();
    float[] bv = bias == null ? null : bias.values();
    int[] outPos = this.outPos = grid(oh, ow, ow, 1, n);
    int[] inPos = this.inPos = grid(oh, ow, wp(), stride, n);
    int[] rel = keptTaps = tapOffsets(idx.cols(), hp(), wp(), n);
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    float[] x = xp;
    Parallel.range(pass.pool(), oh, (long) idx.kept() * plane, (from, to) -> {
      // One output row at a time for every channel: the k input rows it reads (all channels, ~0.8 MB on ResNet-20
      // at batch 128) stay in the core's L2 while every output channel goes by.
      for (int row = from; row < to; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int o = 0; o < cout; o++) {
            lanes.gatherMultiplyAdd(x, b, inPos, y, o * plane + b, outPos, row * ow, (row + 1) * ow, rel, w,
                start[o], start[o + 1], Math.min(tile, n - b), false, bv == null ? 0f : bv[o]);
          }
        }
      }
    });
    return new Act(y, new int[] {cout, oh, ow}, n);
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

  /**
   * Per weight column {@code (ci, u, v)}: its offset from the first tap in planes of {@code ph × pw} positions,
   * {@code ((ci·ph + u)·pw + v)·n}.
   */
  private int[] tapOffsets(int[] columns, int ph, int pw, int n) {
    int kk = k * k;
    int[] rel = new int[columns.length];
    for (int e = 0; e < rel.length; e++) {
      int c = columns[e];
      rel[e] = ((c / kk * ph + c % kk / k) * pw + c % k) * n;
    }
    return rel;
  }

  /**
   * {@code channels} planes of {@code rows × cols} positions with a zero border of {@code border}, written into
   * {@code out} (of that size); {@code v} itself when there is no border.
   */
  static float[] padded(float[] v, int channels, int rows, int cols, int border, int n, float[] out) {
    if (border == 0) {
      return v;
    }
    int pr = rows + 2 * border;
    int pc = cols + 2 * border;
    int rowFloats = pc * n;
    for (int c = 0; c < channels; c++) {
      int plane = c * pr * rowFloats;
      Arrays.fill(out, plane, plane + border * rowFloats, 0f);
      Arrays.fill(out, plane + (border + rows) * rowFloats, plane + pr * rowFloats, 0f);
      for (int r = 0; r < rows; r++) {
        int at = plane + (r + border) * rowFloats;
        Arrays.fill(out, at, at + border * n, 0f);
        System.arraycopy(v, ((c * rows + r) * cols) * n, out, at + border * n, cols * n);
        Arrays.fill(out, at + (border + cols) * n, at + rowFloats, 0f);
      }
    }
    return out;
  }

  /** The inside of planes padded by {@code border}, written into {@code out}: the inverse of {@link #padded}. */
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
    return stride == 1 && pad <= k - 1 ? inputGradient(dy, pass, plane) : stridedInputGradient(dy, pass, plane);
  }

  /** Kept entries into the weight's gradient, or every entry into the pass's dense map. */
  private void weightGradients(float[] dy, Pass pass, int plane) {
    KeptIndex idx = weight.index();
    boolean kept = pass.gradients() == Pass.Gradients.KEPT;
    int rowLength = idx.rowLength();
    int[] start = idx.start();
    float[] g = kept ? weight.grad() : pass.dense().computeIfAbsent(weight.name(), key -> new float[Math.toIntExact(weight.numel())]);
    int n = batch;
    int[] outPos = this.outPos;
    int[] inPos = this.inPos;
    int[] rel = kept ? keptTaps : tapOffsets(allColumns(rowLength), hp(), wp(), n);
    Lanes lanes = pass.lanes();
    int width = lanes.width();
    int tile = lanes.batchTile();
    float[] x = xp;
    Parallel.range(pass.pool(), cout, (long) (kept ? idx.kept() : (int) weight.numel()) * plane, (from, to) -> {
      int first = kept ? start[from] : 0;
      int last = kept ? start[to] : (to - from) * rowLength;
      // This part's partial sums, filled one output row at a time, so that the input rows each reads stay in cache
      // for all of this part's output channels.
      float[] part = new float[(last - first) * width];
      for (int row = 0; row < oh; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int o = from; o < to; o++) {
            int e0 = kept ? start[o] : 0;
            int e1 = kept ? start[o + 1] : rowLength;
            int partOff = ((kept ? e0 : (o - from) * rowLength) - first) * width;
            lanes.gatherDots(dy, o * plane + b, outPos, x, b, inPos, row * ow, (row + 1) * ow, rel, e0, e1, part,
                partOff, Math.min(tile, n - b));
          }
        }
      }
      for (int o = from; o < to; o++) {
        int e0 = kept ? start[o] : 0;
        int e1 = kept ? start[o + 1] : rowLength;
        int base = (kept ? e0 : (o - from) * rowLength) - first;
        for (int e = e0; e < e1; e++) {
          float total = lanes.reduce(part, (base + e - e0) * width);
          if (kept) {
            g[e] = total;
          } else {
            g[o * rowLength + e] += total;
          }
        }
      }
    });
  }

  private static int[] allColumns(int rowLength) {
    int[] cols = new int[rowLength];
    for (int c = 0; c < rowLength; c++) {
      cols[c] = c;
    }
    return cols;
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

  /**
   * Stride 1: {@code dx[ci, r, q] = Σ w[o, ci, u, v] · dy[o, r + pad − u, q + pad − v]}, a convolution of the output
   * gradient padded by {@code k − 1 − pad} with the flipped kernel, by input row and through the column view.
   */
  private float[] inputGradient(float[] dy, Pass pass, int plane) {
    KeptIndex idx = weight.index();
    int n = batch;
    int border = k - 1 - pad;
    int ph = oh + 2 * border;
    int pw = ow + 2 * border;
    float[] dyp = border == 0 ? dy
        : padded(dy, cout, oh, ow, border, n, this.dyp = Reuse.of(this.dyp, cout * ph * pw * n));
    int kk = k * k;
    int[] colStart = idx.colStart();
    int[] rows = idx.colRows();
    float[] vals = columnValues(idx, weight.values());
    int[] rel = new int[vals.length];
    for (int c = 0; c < idx.rowLength(); c++) {
      int u = c % kk / k;
      int v = c % k;
      for (int t = colStart[c]; t < colStart[c + 1]; t++) {
        rel[t] = ((rows[t] * ph + k - 1 - u) * pw + k - 1 - v) * n;
      }
    }
    int[] dxPos = grid(h, wd, wd, 1, n);
    int[] dyPos = grid(h, wd, pw, 1, n);
    float[] dx = this.dx = Reuse.of(this.dx, cin * h * wd * n); // every entry written once
    int hwn = h * wd * n;
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    Parallel.range(pass.pool(), h, (long) idx.kept() * plane, (from, to) -> {
      // One input row at a time, for the same reason as the forward pass.
      for (int row = from; row < to; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int ci = 0; ci < cin; ci++) {
            lanes.gatherMultiplyAdd(dyp, b, dyPos, dx, ci * hwn + b, dxPos, row * wd, (row + 1) * wd, rel, vals,
                colStart[ci * kk], colStart[(ci + 1) * kk], Math.min(tile, n - b), false, 0f);
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
    int[] dyPos = outPos;
    int[] dxPos = inPos;
    int planeP = hp() * wp() * n;
    float[] dxp = this.dxp = Reuse.zeroed(this.dxp, cin * planeP);
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    Parallel.range(pass.pool(), cin, (long) idx.kept() * plane, (from, to) -> {
      for (int b = 0; b < n; b += tile) {
        for (int c = from * kk; c < to * kk; c++) {
          int u = c % kk / k;
          int v = c % k;
          lanes.gatherMultiplyAdd(dy, b, dyPos, dxp, c / kk * planeP + (u * wp() + v) * n + b, dxPos, 0,
              dyPos.length, rel, vals, colStart[c], colStart[c + 1], Math.min(tile, n - b), true, 0f);
        }
      }
    });
    return pad == 0 ? dxp : cropped(dxp, cin, h, wd, pad, n, this.dx = Reuse.of(this.dx, cin * h * wd * n));
  }
}
