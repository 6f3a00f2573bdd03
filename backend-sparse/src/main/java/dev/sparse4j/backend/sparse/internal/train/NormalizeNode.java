package dev.sparse4j.backend.sparse.internal.train;

/** {@code (x − mean[c]) / std[c]} per channel; the gradient is divided by {@code std[c]}. */
final class NormalizeNode implements Node {
  private final double[] mean;
  private final double[] std;

  NormalizeNode(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  @Override
  public Act forward(Act x, Pass pass) {
    float[] v = x.v();
    float[] y = new float[v.length];
    int block = v.length / mean.length;
    for (int c = 0; c < mean.length; c++) {
      float m = (float) mean[c];
      float s = (float) std[c];
      for (int i = c * block; i < (c + 1) * block; i++) {
        y[i] = (v[i] - m) / s;
      }
    }
    return new Act(y, x.shape(), x.batch());
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    if (!needInput) {
      return null;
    }
    float[] dx = new float[dy.length];
    int block = dy.length / std.length;
    for (int c = 0; c < std.length; c++) {
      float s = (float) std[c];
      for (int i = c * block; i < (c + 1) * block; i++) {
        dx[i] = dy[i] / s;
      }
    }
    return dx;
  }
}
