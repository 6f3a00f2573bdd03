package dev.sparse4j.backend.sparse.internal.train;

/** {@code max(x, 0)}; the gradient passes where the output is positive. */
final class ReluNode implements Node {
  private float[] y;
  private float[] dx;

  @Override
  public Act forward(Act x, Pass pass) {
    float[] v = x.v();
    float[] out = Reuse.of(y, v.length);
    Parallel.chunks(pass.pool(), v.length, (from, to) -> pass.lanes().relu(v, out, from, to));
    y = out;
    return new Act(out, x.shape(), x.batch());
  }

  /**
   * {@code max(a + b, 0)}: a residual block's sum and this ReLU in one pass (for {@link ResidualNode}); the
   * backward pass is this node's as after {@link #forward}.
   */
  Act forwardSum(float[] a, float[] b, int[] shape, int batch, Pass pass) {
    float[] out = Reuse.of(y, a.length);
    Parallel.chunks(pass.pool(), a.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = Math.max(a[i] + b[i], 0f);
      }
    });
    y = out;
    return new Act(out, shape, batch);
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    if (!needInput) {
      return null;
    }
    float[] dx = this.dx = Reuse.of(this.dx, dy.length);
    float[] out = y;
    Parallel.chunks(pass.pool(), dy.length, (from, to) -> pass.lanes().reluBackward(out, dy, dx, from, to));
    return dx;
  }
}
