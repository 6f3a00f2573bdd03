package dev.sparse4j.backend.sparse.internal.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A direct convolution on its kept weights (no im2col), on feature-major activations (each input position holds the
 * whole batch side by side), register-tiled: per position, vectors of examples stay in registers while the kept
 * weights of one output channel (forward, weight gradient) or one input channel (input gradient, through the column
 * view) go by ({@link Lanes#gatherMultiplyAdd}, {@link Lanes#gatherDots}).
 *
 * <p>All three read their source as it is, without a padded copy, and write each result once: {@link BorderTaps}
 * gives positions near the border only the taps that land inside, and splits a strided convolution's input
 * gradient into phases (input positions ≡ (pr, pc) mod stride), each a gather over the output gradient with the
 * taps of its phase. Threads own output rows (forward, input gradient) — so the rows they read stay in cache for
 * every channel — or output channels (weight gradient, which goes through the positions one output row at a time
 * for the same reason).
 */
final class ConvNode implements Node {
  private final String path;
  private final int cin;
  private final int cout;
  private final int k;
  private final int stride;
  private final int pad;
  private final ParamTensor weight;
  private final ParamTensor bias;
  /** The last input (the producer's array, read again by the weight gradient of the same pass). */
  private float[] x;
  private float[] y;
  private float[] dx;
  /** The taps of the forward pass and weight gradient, and the input gradient's phases, for {@link #tapsKey}. */
  private BorderTaps taps;
  private BorderTaps[] phases;
  private TapsKey tapsKey;
  private int batch;
  private int h;
  private int wd;
  private int oh;
  private int ow;

  ConvNode(String path, int cin, int cout, int k, int stride, int pad, ParamTensor weight, ParamTensor bias) {
    this.path = path;
    this.cin = cin;
    this.cout = cout;
    this.k = k;
    this.stride = stride;
    this.pad = pad;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public Act forward(Act input, Pass pass) {
    int[] s = input.shape();
    if (s.length != 3 || s[0] != cin) {
      throw new IllegalStateException(path + " expects " + cin + " input channels, got shape " + Arrays.toString(s));
    }
    batch = input.batch();
    h = s[1];
    wd = s[2];
    oh = (h + 2 * pad - k) / stride + 1;
    ow = (wd + 2 * pad - k) / stride + 1;
    int n = batch;
    int plane = oh * ow * n;
    x = input.v();
    float[] y = this.y = Reuse.of(this.y, cout * plane); // every entry written once, from the bias
    KeptIndex idx = weight.index();
    BorderTaps t = taps(idx);
    float[] vals = t.values(weight.values());
    float[] bv = bias == null ? null : bias.values();
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    float[] x = this.x;
    Parallel.range(pass.pool(), oh, (long) idx.kept() * plane, (from, to) -> {
      int[] runs = t.runBuffer();
      // One output row at a time for every channel: the k input rows it reads (all channels, ~0.8 MB on ResNet-20
      // at batch 128) stay in the core's L2 while every output channel goes by.
      for (int row = from; row < to; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int o = 0; o < cout; o++) {
            for (int sg = 0; sg < t.segments(); sg++) {
              multiplyAdd(lanes, x, b, t.srcPos, y, o * plane + b, t.dstPos, row * ow + t.segFrom[sg],
                  row * ow + t.segFrom[sg + 1], t.rel, vals, runs, t.runs(o, t.rowKind[row], sg, runs),
                  Math.min(tile, n - b), bv == null ? 0f : bv[o]);
            }
          }
        }
      }
    });
    return new Act(y, new int[] {cout, oh, ow}, n);
  }

  /** What the tap lists depend on: the kept entries (by identity: a new mask is a new index) and the input shape. */
  private record TapsKey(KeptIndex index, int batch, int h, int w) {}

  /** The forward taps for the current mask and shape (and the input gradient's, rebuilt with them when used). */
  private BorderTaps taps(KeptIndex idx) {
    TapsKey key = new TapsKey(idx, batch, h, wd);
    if (!key.equals(tapsKey)) {
      taps = BorderTaps.ofRows(idx, k, pad, stride, oh, ow, h, wd, batch);
      phases = null;
      tapsKey = key;
    }
    return taps;
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    int plane = oh * ow * batch;
    Lanes lanes = pass.lanes();
    if (pass.gradients() != Pass.Gradients.NONE) {
      if (bias != null) {
        float[] gb = pass.denseTarget(bias);
        for (int o = 0; o < cout; o++) {
          gb[o] += (float) lanes.sum(dy, o * plane, plane);
        }
      }
      weightGradients(dy, pass, plane);
    }
    if (!needInput) {
      return null;
    }
    return inputGradient(dy, pass, plane);
  }

  /** Kept entries into the weight's gradient, or every entry into the pass's dense map. */
  private void weightGradients(float[] dy, Pass pass, int plane) {
    boolean kept = pass.gradients() == Pass.Gradients.KEPT;
    KeptIndex idx = kept ? weight.index() : KeptIndex.full(cout, weight.index().rowLength());
    BorderTaps t = kept ? taps(idx) : BorderTaps.ofRows(idx, k, pad, stride, oh, ow, h, wd, batch);
    int[] start = idx.start();
    float[] g = kept ? weight.grad()
        : pass.dense().computeIfAbsent(weight.name(), key -> new float[Math.toIntExact(weight.numel())]);
    int n = batch;
    Lanes lanes = pass.lanes();
    int width = lanes.width();
    int tile = lanes.batchTile();
    float[] x = this.x;
    Parallel.range(pass.pool(), cout, (long) idx.kept() * plane, (from, to) -> {
      int first = start[from];
      int last = start[to];
      // This part's partial sums (one per entry, at (entry − first)·width), filled one output row at a time, so
      // that the input rows each reads stay in cache for all of this part's output channels.
      float[] part = new float[(last - first) * width];
      int[] runs = t.runBuffer();
      for (int row = 0; row < oh; row++) {
        for (int b = 0; b < n; b += tile) {
          for (int o = from; o < to; o++) {
            for (int sg = 0; sg < t.segments(); sg++) {
              for (int r = 0, nr = t.runs(o, t.rowKind[row], sg, runs); r < nr; r++) {
                lanes.gatherDots(dy, o * plane + b, t.dstPos, x, b, t.srcPos, row * ow + t.segFrom[sg],
                    row * ow + t.segFrom[sg + 1], t.rel, t.entry, runs[2 * r], runs[2 * r + 1], part,
                    -first * width, Math.min(tile, n - b));
              }
            }
          }
        }
      }
      for (int e = first; e < last; e++) {
        float total = lanes.reduce(part, (e - first) * width);
        if (kept) {
          g[e] = total;
        } else {
          g[e] += total; // the full index's entry e is dense position e
        }
      }
    });
  }

  /**
   * {@code dx[ci, r, c] = Σ w[o, ci, u, v] · dy[o, i, j]} over the taps and output positions with {@code r = i·stride
   * − pad + u} and {@code c = j·stride − pad + v}: per phase of input positions, a gather over the output gradient by
   * input row, through the column view. Every input position is in one phase: each entry is written once.
   */
  private float[] inputGradient(float[] dy, Pass pass, int plane) {
    KeptIndex idx = weight.index();
    taps(idx);
    if (phases == null) {
      List<BorderTaps> list = new ArrayList<>();
      for (int pr = 0; pr < stride; pr++) {
        for (int pc = 0; pc < stride; pc++) {
          BorderTaps p = BorderTaps.ofPhase(idx, k, pad, stride, pr, pc, h, wd, oh, ow, batch);
          if (p != null) {
            list.add(p);
          }
        }
      }
      phases = list.toArray(new BorderTaps[0]);
    }
    int n = batch;
    float[] dx = this.dx = Reuse.of(this.dx, cin * h * wd * n);
    int hwn = h * wd * n;
    Lanes lanes = pass.lanes();
    int tile = lanes.batchTile();
    for (BorderTaps t : phases) {
      float[] vals = t.values(weight.values());
      int cols = t.cols();
      Parallel.range(pass.pool(), t.rows(), (long) idx.kept() * plane / phases.length, (from, to) -> {
        int[] runs = t.runBuffer();
        // One input row at a time, for the same reason as the forward pass.
        for (int row = from; row < to; row++) {
          for (int b = 0; b < n; b += tile) {
            for (int ci = 0; ci < cin; ci++) {
              for (int sg = 0; sg < t.segments(); sg++) {
                multiplyAdd(lanes, dy, b, t.srcPos, dx, ci * hwn + b, t.dstPos, row * cols + t.segFrom[sg],
                    row * cols + t.segFrom[sg + 1], t.rel, vals, runs, t.runs(ci, t.rowKind[row], sg, runs),
                    Math.min(tile, n - b), 0f);
              }
            }
          }
        }
      });
    }
    return dx;
  }

  /**
   * {@link Lanes#gatherMultiplyAdd} over the {@code nRuns} runs of taps in {@code runs}: the first starts from
   * {@code init}, the others add to it (a position with no tap inside gets {@code init}). One run, the interior's,
   * keeps its sums in registers throughout; only border columns pay a store and a load per extra run.
   */
  private static void multiplyAdd(Lanes lanes, float[] src, int srcBase, int[] srcPos, float[] dst, int dstBase,
      int[] dstPos, int qFrom, int qTo, int[] rel, float[] vals, int[] runs, int nRuns, int n, float init) {
    if (nRuns == 0) {
      lanes.gatherMultiplyAdd(src, srcBase, srcPos, dst, dstBase, dstPos, qFrom, qTo, rel, vals, 0, 0, n, false,
          init);
    }
    for (int r = 0; r < nRuns; r++) {
      lanes.gatherMultiplyAdd(src, srcBase, srcPos, dst, dstBase, dstPos, qFrom, qTo, rel, vals, runs[2 * r],
          runs[2 * r + 1], n, r > 0, init);
    }
  }
}
