package dev.sparse4j.backend.sparse.internal.train;

/** Channels and plane into one feature axis: feature-major storage is already in that order, so only the shape changes. */
final class FlattenNode implements Node {
  @Override
  public Act forward(Act x, Pass pass) {
    return new Act(x.v(), new int[] {x.features()}, x.batch());
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    return needInput ? dy : null;
  }
}
