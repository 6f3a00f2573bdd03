package dev.sparse4j.backend.sparse.internal;

/**
 * The compute kernels of {@code sparse-cpu}, on NCHW (or {@code [batch, features]}) float arrays. Convolution and
 * linear weights come as {@link Rows}: per output channel, the kept weights with their input positions, so the
 * work is proportional to the kept weights. A layer kept (nearly) dense runs the same loops over every weight
 * without the index indirection ({@link Rows#dense}).
 */
final class Kernels {
  private Kernels() {}

  /**
   * Weights of one conv or linear layer, row by output channel. Sparse: {@code start[o] … start[o+1]} index
   * {@code cols} (input channel · k² + kh · k + kw for a conv, input feature for a linear layer) and {@code vals}.
   * Dense: {@code vals} is the whole row-major weight tensor and {@code cols} is null.
   */
  record Rows(int out, int rowLength, int[] start, int[] cols, float[] vals) {
    boolean dense() {
      return cols == null;
    }

    long kept() {
      return dense() ? (long) out * rowLength : cols.length;
    }

    static Rows sparse(int out, int rowLength, float[] w) {
      int nnz = 0;
      for (float v : w) {
        if (v != 0f) {
          nnz++;
        }
      }
      int[] start = new int[out + 1];
      int[] cols = new int[nnz];
      float[] vals = new float[nnz];
      int k = 0;
      for (int o = 0; o < out; o++) {
        start[o] = k;
        for (int c = 0; c < rowLength; c++) {
          float v = w[o * rowLength + c];
          if (v != 0f) {
            cols[k] = c;
            vals[k++] = v;
          }
        }
      }
      start[out] = k;
      return new Rows(out, rowLength, start, cols, vals);
    }

    static Rows dense(int out, int rowLength, float[] w) {
      return new Rows(out, rowLength, null, null, w.clone());
    }
  }

  /**
   * Direct convolution of one example and one output channel: {@code y = bias + Σ_kept w · shifted x}, then ReLU
   * if asked. For each kept weight the valid output range is computed once, so the inner loop has no bounds tests
   * (and is contiguous for stride 1).
   */
  static void conv(float[] x, int xOff, int cin, int h, int w, Rows rows, int o, float bias, int k, int stride,
      int pad, float[] y, int yOff, int oh, int ow, boolean relu) {
    int plane = oh * ow;
    java.util.Arrays.fill(y, yOff, yOff + plane, bias);
    int from = rows.dense() ? o * rows.rowLength() : rows.start()[o];
    int to = rows.dense() ? from + rows.rowLength() : rows.start()[o + 1];
    int kk = k * k;
    for (int e = from; e < to; e++) {
      float v = rows.vals()[e];
      if (v == 0f) {
        continue;
      }
      int col = rows.dense() ? e - from : rows.cols()[e];
      int ci = col / kk;
      int kh = (col % kk) / k;
      int kw = col % k;
      // Output rows i with 0 ≤ i·s − p + kh < h, columns j likewise.
      int i0 = Math.max(0, ceilDiv(pad - kh, stride));
      int i1 = Math.min(oh - 1, floorDiv(h - 1 + pad - kh, stride));
      int j0 = Math.max(0, ceilDiv(pad - kw, stride));
      int j1 = Math.min(ow - 1, floorDiv(w - 1 + pad - kw, stride));
      if (i0 > i1 || j0 > j1) {
        continue;
      }
      int xc = xOff + ci * h * w;
      for (int i = i0; i <= i1; i++) {
        int xr = xc + (i * stride - pad + kh) * w - pad + kw;
        int yr = yOff + i * ow;
        if (stride == 1) {
          for (int j = j0; j <= j1; j++) {
            y[yr + j] += v * x[xr + j];
          }
        } else {
          for (int j = j0; j <= j1; j++) {
            y[yr + j] += v * x[xr + j * stride];
          }
        }
      }
    }
    if (relu) {
      for (int i = yOff; i < yOff + plane; i++) {
        if (y[i] < 0f) {
          y[i] = 0f;
        }
      }
    }
  }

  /**
   * Rows {@code rowFrom … rowTo−1} of one example of a linear layer: {@code y[o] = bias[o] + Σ_kept w · x[col]},
   * then ReLU if asked.
   */
  static void linear(float[] x, int xOff, Rows rows, float[] bias, float[] y, int yOff, boolean relu, int rowFrom,
      int rowTo) {
    for (int o = rowFrom; o < rowTo; o++) {
      float acc = bias == null ? 0f : bias[o];
      if (rows.dense()) {
        int base = o * rows.rowLength();
        for (int c = 0; c < rows.rowLength(); c++) {
          acc += rows.vals()[base + c] * x[xOff + c];
        }
      } else {
        for (int e = rows.start()[o]; e < rows.start()[o + 1]; e++) {
          acc += rows.vals()[e] * x[xOff + rows.cols()[e]];
        }
      }
      y[yOff + o] = relu && acc < 0f ? 0f : acc;
    }
  }

  /**
   * A block of examples through a linear layer with the batch innermost: the block is transposed to
   * {@code xt[feature][example]}, every kept weight then adds {@code w · xt[col]} to the output row of all examples
   * at once (a contiguous loop the JIT vectorises), and the rows are written back example-major. This is what makes
   * sparse rows beat dense GEMM at batch sizes above one.
   *
   * @param rowsFrom first output row of this task, {@code rowsTo} one past the last
   */
  static void linearBlock(float[] xt, int block, Rows rows, float[] bias, float[] y, int yOff, int outF,
      int rowsFrom, int rowsTo, boolean relu) {
    float[] acc = new float[block];
    for (int o = rowsFrom; o < rowsTo; o++) {
      java.util.Arrays.fill(acc, bias == null ? 0f : bias[o]);
      if (rows.dense()) {
        int base = o * rows.rowLength();
        for (int c = 0; c < rows.rowLength(); c++) {
          float v = rows.vals()[base + c];
          if (v != 0f) {
            axpy(v, xt, c * block, acc, block);
          }
        }
      } else {
        for (int e = rows.start()[o]; e < rows.start()[o + 1]; e++) {
          axpy(rows.vals()[e], xt, rows.cols()[e] * block, acc, block);
        }
      }
      for (int b = 0; b < block; b++) {
        float v = acc[b];
        y[yOff + b * outF + o] = relu && v < 0f ? 0f : v;
      }
    }
  }

  private static void axpy(float a, float[] x, int xOff, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += a * x[xOff + i];
    }
  }

  static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  static int floorDiv(int a, int b) {
    return Math.floorDiv(a, b);
  }
}
