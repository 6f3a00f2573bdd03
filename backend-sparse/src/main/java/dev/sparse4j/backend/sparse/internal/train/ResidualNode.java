package dev.sparse4j.backend.sparse.internal.train;

/**
 * {@code post(body(pre(x)) + shortcut(s))} with {@code s = pre(x)} or {@code x} as the block says; the gradient of
 * the sum goes to both branches and meets again where they started. A {@code post} that is one ReLU (ResNet's basic
 * block) runs in the same pass as the sum ({@link ReluNode#forwardSum}), and with an empty {@code pre} both branches
 * start at {@code x}, so their gradients meet in one pass: each saves a read and a write of the block's activation.
 */
final class ResidualNode implements Node {
  private final SequenceNode pre;
  private final SequenceNode body;
  private final SequenceNode shortcut;
  private final boolean shortcutTakesPre;
  private final SequenceNode post;
  /** The ReLU that is all of {@code post}, run with the sum; null otherwise. */
  private final ReluNode reluPost;
  /** Whether the branches' gradients meet before {@code pre} (the shortcut reads its output, or it is empty). */
  private final boolean meetBeforePre;
  private float[] sum;
  private float[] dPre;

  ResidualNode(SequenceNode pre, SequenceNode body, SequenceNode shortcut, boolean shortcutTakesPre,
      SequenceNode post) {
    this.pre = pre;
    this.body = body;
    this.shortcut = shortcut;
    this.shortcutTakesPre = shortcutTakesPre;
    this.post = post;
    this.reluPost = post.singleRelu();
    this.meetBeforePre = shortcutTakesPre || pre.isEmpty();
  }

  @Override
  public Act forward(Act x, Pass pass) {
    Act p = pre.forward(x, pass);
    Act b = body.forward(p, pass);
    Act s = shortcut.forward(shortcutTakesPre ? p : x, pass);
    if (b.v().length != s.v().length) {
      throw new IllegalStateException("residual branches differ in size: " + b.v().length + " and "
          + s.v().length);
    }
    float[] bv = b.v();
    float[] sv = s.v();
    if (reluPost != null) {
      return reluPost.forwardSum(bv, sv, b.shape(), b.batch(), pass);
    }
    float[] sum = this.sum = Reuse.of(this.sum, bv.length);
    Parallel.chunks(pass.pool(), sum.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        sum[i] = bv[i] + sv[i];
      }
    });
    return post.forward(new Act(sum, b.shape(), b.batch()), pass);
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    float[] d = post.backward(dy, pass, true);
    boolean needPre = needInput || !pre.isEmpty();
    float[] dBody = body.backward(d, pass, needPre);
    float[] dShort = shortcut.backward(d, pass, needInput || (meetBeforePre && needPre));
    float[] dPre = null;
    if (needPre) {
      dPre = this.dPre = Reuse.of(this.dPre, dBody.length);
      float[] target = dPre;
      Parallel.chunks(pass.pool(), dPre.length, (from, to) -> {
        if (meetBeforePre) {
          for (int i = from; i < to; i++) {
            target[i] = dBody[i] + dShort[i];
          }
        } else {
          System.arraycopy(dBody, from, target, from, to - from);
        }
      });
    }
    float[] dx = pre.backward(dPre, pass, needInput);
    if (needInput && !meetBeforePre) {
      add(dx, dShort, pass); // dx is dPre (ours) or an array of a node in pre, written this pass: safe in place
    }
    return dx;
  }

  private static void add(float[] a, float[] b, Pass pass) {
    Parallel.chunks(pass.pool(), a.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        a[i] += b[i];
      }
    });
  }
}
