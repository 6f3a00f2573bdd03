package dev.sparse4j.backend.sparse.internal.train;

import dev.sparse4j.api.spi.DropoutNoise;

/**
 * Inverted dropout in training mode with the masks of {@link DropoutNoise} (numbered example-major, as on every
 * backend), the identity in evaluation mode.
 */
final class DropoutNode implements Node {
  private final String path;
  private final double p;
  private float[] scale;

  DropoutNode(String path, double p) {
    this.path = path;
    this.p = p;
  }

  @Override
  public Act forward(Act x, Pass pass) {
    if (!pass.train() || p == 0) {
      scale = null;
      return x;
    }
    int n = x.batch();
    int f = x.features();
    float[] m = DropoutNoise.mask(pass.noiseSeed(), path, n * f, p);
    scale = new float[m.length];
    float[] v = x.v();
    float[] y = new float[v.length];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < f; i++) {
        int at = i * n + b;
        scale[at] = m[b * f + i];
        y[at] = v[at] * scale[at];
      }
    }
    return new Act(y, x.shape(), n);
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    if (!needInput || scale == null) {
      return needInput ? dy : null;
    }
    float[] dx = new float[dy.length];
    for (int i = 0; i < dy.length; i++) {
      dx[i] = dy[i] * scale[i];
    }
    return dx;
  }
}
