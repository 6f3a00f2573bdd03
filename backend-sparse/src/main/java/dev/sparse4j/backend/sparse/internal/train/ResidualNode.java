package dev.sparse4j.backend.sparse.internal.train;

/**
 * {@code post(body(pre(x)) + shortcut(s))} with {@code s = pre(x)} or {@code x} as the block says; the gradient of
 * the sum goes to both branches and meets again where they started. A {@code post} that is one ReLU (ResNet's basic
 * block) is done in the same pass as the sum, and an empty {@code pre} lets the two branches' gradients meet in one
 * pass: each saves a read and a write of the block's activation.
 */
final class ResidualNode implements Node {
  private final SequenceNode pre;
  private final SequenceNode body;
  private final SequenceNode shortcut;
  private final boolean shortcutTakesPre;
  private final SequenceNode post;
  private final boolean reluPost;
  private float[] sum;
  private float[] dSum;
  private float[] dPre;

  ResidualNode(SequenceNode pre, SequenceNode body, SequenceNode shortcut, boolean shortcutTakesPre,
      SequenceNode post) {
    this.pre = pre;
    this.body = body;
    this.shortcut = shortcut;
    this.shortcutTakesPre = shortcutTakesPre;
    this.post = post;
    this.reluPost = post.isSingleRelu();
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
    float[] sum = this.sum = Reuse.of(this.sum, bv.length);
    Parallel.chunks(pass.pool(), sum.length, (from, to) -> {
      if (reluPost) {
        for (int i = from; i < to; i++) {
          sum[i] = Math.max(bv[i] + sv[i], 0f);
        }
      } else {
        for (int i = from; i < to; i++) {
          sum[i] = bv[i] + sv[i];
        }
      }
    });
    Act out = new Act(sum, b.shape(), b.batch());
    return reluPost ? out : post.forward(out, pass);
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    float[] d = reluPost ? reluBackward(dy, pass) : post.backward(dy, pass, true);
    boolean needPre = needInput || !pre.isEmpty();
    float[] dBody = body.backward(d, pass, needPre);
    float[] dShort = shortcut.backward(d, pass, needInput || (shortcutTakesPre && needPre));
    if (pre.isEmpty()) {
      // pre(x) = x: both branches read x, their gradients add up to the input's.
      if (!needInput) {
        return null;
      }
      float[] dx = this.dPre = Reuse.of(this.dPre, dBody.length);
      Parallel.chunks(pass.pool(), dx.length, (from, to) -> {
        for (int i = from; i < to; i++) {
          dx[i] = dBody[i] + dShort[i];
        }
      });
      return dx;
    }
    float[] dPre = null;
    if (needPre) {
      dPre = this.dPre = Reuse.of(this.dPre, dBody.length);
      float[] target = dPre;
      Parallel.chunks(pass.pool(), dPre.length, (from, to) -> {
        if (shortcutTakesPre) {
          for (int i = from; i < to; i++) {
            target[i] = dBody[i] + dShort[i];
          }
        } else {
          System.arraycopy(dBody, from, target, from, to - from);
        }
      });
    }
    float[] dx = pre.backward(dPre, pass, needInput);
    if (needInput && !shortcutTakesPre) {
      add(dx, dShort, pass); // dx is dPre (ours) or an array of a node in pre, written this pass: safe in place
    }
    return dx;
  }

  /** The gradient through the fused ReLU: {@code dy} where the block's output is positive. */
  private float[] reluBackward(float[] dy, Pass pass) {
    float[] out = sum;
    float[] d = this.dSum = Reuse.of(this.dSum, dy.length);
    Parallel.chunks(pass.pool(), dy.length, (from, to) -> pass.lanes().reluBackward(out, dy, d, from, to));
    return d;
  }

  private static void add(float[] a, float[] b, Pass pass) {
    Parallel.chunks(pass.pool(), a.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        a[i] += b[i];
      }
    });
  }
}
