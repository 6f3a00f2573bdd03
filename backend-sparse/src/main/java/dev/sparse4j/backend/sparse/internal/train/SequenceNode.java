package dev.sparse4j.backend.sparse.internal.train;

import java.util.List;

/** Layers in order; an empty sequence is the identity. */
final class SequenceNode implements Node {
  private final List<Node> children;

  SequenceNode(List<Node> children) {
    this.children = List.copyOf(fused(children));
  }

  /** A batch-norm followed by a ReLU becomes one node (one pass less forward, two less backward). */
  private static List<Node> fused(List<Node> children) {
    List<Node> out = new java.util.ArrayList<>(children.size());
    for (int i = 0; i < children.size(); i++) {
      Node child = children.get(i);
      if (child instanceof BatchNormNode bn && i + 1 < children.size() && children.get(i + 1) instanceof ReluNode) {
        out.add(bn.withRelu());
        i++;
      } else {
        out.add(child);
      }
    }
    return out;
  }

  /** The ReLU this sequence consists of, or null when it is anything else. */
  ReluNode singleRelu() {
    return children.size() == 1 && children.get(0) instanceof ReluNode relu ? relu : null;
  }

  boolean isEmpty() {
    return children.isEmpty();
  }

  @Override
  public Act forward(Act x, Pass pass) {
    Act a = x;
    for (Node child : children) {
      a = child.forward(a, pass);
    }
    return a;
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    float[] d = dy;
    for (int i = children.size() - 1; i >= 0; i--) {
      d = children.get(i).backward(d, pass, needInput || i > 0);
    }
    return needInput ? d : null;
  }
}
