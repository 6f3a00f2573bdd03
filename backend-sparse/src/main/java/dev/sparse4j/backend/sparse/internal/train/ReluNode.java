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
