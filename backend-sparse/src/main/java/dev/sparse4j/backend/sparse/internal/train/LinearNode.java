package dev.sparse4j.backend.sparse.internal.train;

/**
 * A linear layer on its kept weights: {@code y[o] = b[o] + Σ_kept w[o,i]·x[i]}, each term one axpy over the batch;
 * {@code dx[i] = Σ_kept w[o,i]·dy[o]} through the column view (threads own input features, so no two write the
 * same row); {@code dw[o,i] = dy[o]·x[i]} as one dot over the batch per kept entry, or per every entry when the raw
 * dense gradient is asked for.
 */
final class LinearNode implements Node {
  private final String path;
  private final int in;
  private final int out;
  private final ParamTensor weight;
  private final ParamTensor bias;
  private Act x;
  private float[] y;
  private float[] dx;

  LinearNode(String path, int in, int out, ParamTensor weight, ParamTensor bias) {
    this.path = path;
    this.in = in;
    this.out = out;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public Act forward(Act input, Pass pass) {
    if (input.features() != in) {
      throw new IllegalStateException(path + " expects " + in + " features, got " + input.features());
    }
    x = input;
    int n = input.batch();
    float[] xv = input.v();
    float[] y = this.y = bias == null ? Reuse.zeroed(this.y, out * n) : Reuse.of(this.y, out * n);
    KeptIndex idx = weight.index();
    int[] start = idx.start();
    int[] cols = idx.cols();
    float[] w = weight.values();
    float[] b = bias == null ? null : bias.values();
    Lanes lanes = pass.lanes();
    Parallel.range(pass.pool(), out, (long) idx.kept() * n, (from, to) -> {
      for (int o = from; o < to; o++) {
        int yo = o * n;
        if (b != null) {
          java.util.Arrays.fill(y, yo, yo + n, b[o]);
        }
        for (int e = start[o]; e < start[o + 1]; e++) {
          lanes.axpy(w[e], xv, cols[e] * n, y, yo, n);
        }
      }
    });
    return new Act(y, new int[] {out}, n);
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    int n = x.batch();
    float[] xv = x.v();
    Lanes lanes = pass.lanes();
    KeptIndex idx = weight.index();
    if (pass.gradients() != Pass.Gradients.NONE) {
      if (bias != null) {
        float[] gb = pass.denseTarget(bias);
        for (int o = 0; o < out; o++) {
          float s = 0;
          for (int b = 0; b < n; b++) {
            s += dy[o * n + b];
          }
          gb[o] += s;
        }
      }
      if (pass.gradients() == Pass.Gradients.KEPT) {
        float[] g = weight.grad();
        int[] start = idx.start();
        int[] cols = idx.cols();
        Parallel.range(pass.pool(), out, (long) idx.kept() * n, (from, to) -> {
          for (int o = from; o < to; o++) {
            for (int e = start[o]; e < start[o + 1]; e++) {
              g[e] = lanes.dot(dy, o * n, xv, cols[e] * n, n);
            }
          }
        });
      } else {
        float[] g = pass.dense().computeIfAbsent(weight.name(), k -> new float[Math.toIntExact(weight.numel())]);
        Parallel.range(pass.pool(), out, (long) out * in * n, (from, to) -> {
          for (int o = from; o < to; o++) {
            for (int i = 0; i < in; i++) {
              g[o * in + i] += lanes.dot(dy, o * n, xv, i * n, n);
            }
          }
        });
      }
    }
    if (!needInput) {
      return null;
    }
    float[] dx = this.dx = Reuse.zeroed(this.dx, in * n);
    int[] colStart = idx.colStart();
    int[] entries = idx.colEntries();
    int[] rows = idx.colRows();
    float[] w = weight.values();
    Parallel.range(pass.pool(), in, (long) idx.kept() * n, (from, to) -> {
      for (int i = from; i < to; i++) {
        for (int t = colStart[i]; t < colStart[i + 1]; t++) {
          lanes.axpy(w[entries[t]], dy, rows[t] * n, dx, i * n, n);
        }
      }
    });
    return dx;
  }
}
