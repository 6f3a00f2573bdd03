package dev.sparse4j.backend.sparse.internal.train;

/**
 * Max- and average pooling, PyTorch's: max pads with −∞ and sends the gradient to the first maximum of each window;
 * average pads with zeros and divides by {@code k²} ({@code count_include_pad}). Global average pooling is the
 * window of the whole plane.
 */
final class PoolNode implements Node {
  private final int k;
  private final int stride;
  private final int pad;
  private final boolean max;
  private final boolean global;
  private int[] inShape;
  private int[] argmax;
  private int oh;
  private int ow;

  private PoolNode(int k, int stride, int pad, boolean max, boolean global) {
    this.k = k;
    this.stride = stride;
    this.pad = pad;
    this.max = max;
    this.global = global;
  }

  static PoolNode max(int k, int stride, int pad) {
    return new PoolNode(k, stride, pad, true, false);
  }

  static PoolNode average(int k, int stride, int pad) {
    return new PoolNode(k, stride, pad, false, false);
  }

  static PoolNode globalAverage() {
    return new PoolNode(0, 1, 0, false, true);
  }

  @Override
  public Act forward(Act x, Pass pass) {
    inShape = x.shape();
    int c = inShape[0];
    int h = inShape[1];
    int w = inShape[2];
    int n = x.batch();
    float[] v = x.v();
    if (global) {
      float[] y = new float[c * n];
      int hw = h * w;
      for (int ch = 0; ch < c; ch++) {
        for (int b = 0; b < n; b++) {
          double s = 0;
          for (int p = 0; p < hw; p++) {
            s += v[(ch * hw + p) * n + b];
          }
          y[ch * n + b] = (float) (s / hw);
        }
      }
      return new Act(y, new int[] {c}, n);
    }
    oh = (h + 2 * pad - k) / stride + 1;
    ow = (w + 2 * pad - k) / stride + 1;
    float[] y = new float[c * oh * ow * n];
    argmax = max ? new int[y.length] : null;
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int yo = ((ch * oh + i) * ow + j) * n;
          for (int b = 0; b < n; b++) {
            float acc = max ? Float.NEGATIVE_INFINITY : 0f;
            int best = -1;
            for (int u = 0; u < k; u++) {
              int r = i * stride - pad + u;
              for (int q0 = 0; q0 < k; q0++) {
                int q = j * stride - pad + q0;
                if (r < 0 || r >= h || q < 0 || q >= w) {
                  continue;
                }
                int at = ((ch * h + r) * w + q) * n + b;
                if (!max) {
                  acc += v[at];
                } else if (v[at] > acc || best < 0) {
                  acc = v[at];
                  best = at;
                }
              }
            }
            y[yo + b] = max ? acc : acc / (k * k);
            if (max) {
              argmax[yo + b] = best;
            }
          }
        }
      }
    }
    return new Act(y, new int[] {c, oh, ow}, n);
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    if (!needInput) {
      return null;
    }
    int c = inShape[0];
    int h = inShape[1];
    int w = inShape[2];
    int n = dy.length / (global ? c : c * oh * ow);
    float[] dx = new float[c * h * w * n];
    if (global) {
      int hw = h * w;
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < hw; p++) {
          for (int b = 0; b < n; b++) {
            dx[(ch * hw + p) * n + b] = dy[ch * n + b] / hw;
          }
        }
      }
      return dx;
    }
    if (max) {
      for (int o = 0; o < dy.length; o++) {
        if (argmax[o] >= 0) {
          dx[argmax[o]] += dy[o];
        }
      }
      return dx;
    }
    float inv = 1f / (k * k);
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int yo = ((ch * oh + i) * ow + j) * n;
          for (int u = 0; u < k; u++) {
            int r = i * stride - pad + u;
            for (int q0 = 0; q0 < k; q0++) {
              int q = j * stride - pad + q0;
              if (r < 0 || r >= h || q < 0 || q >= w) {
                continue;
              }
              int xo = ((ch * h + r) * w + q) * n;
              for (int b = 0; b < n; b++) {
                dx[xo + b] += dy[yo + b] * inv;
              }
            }
          }
        }
      }
    }
    return dx;
  }
}
