package dev.sparse4j.backend.sparse.internal.train;

/**
 * The two inner loops of training on feature-major activations: {@code y += a·x} over a contiguous run, and the dot
 * product of two runs. {@link #best()} picks the Vector API version when the JVM resolved {@code jdk.incubator.vector}
 * (the class that touches it is loaded only then), else plain loops.
 */
interface Lanes {
  /** {@code y[yo + i] += a · x[xo + i]} for {@code i < n}. */
  void axpy(float a, float[] x, int xo, float[] y, int yo, int n);

  /** {@code Σ a[ao + i] · b[bo + i]} for {@code i < n}. */
  float dot(float[] a, int ao, float[] b, int bo, int n);

  /** {@code y[i] = max(x[i], 0)} for {@code from ≤ i < to}. */
  void relu(float[] x, float[] y, int from, int to);

  /**
   * {@code dx[i] = y[i] > 0 ? dy[i] : 0} for {@code from ≤ i < to}, where {@code y} is a ReLU's output (≥ 0): without
   * a branch, since the signs of activations are as good as random.
   */
  void reluBackward(float[] y, float[] dy, float[] dx, int from, int to);

  /** {@code Σ a[off + i]} for {@code i < n}, in float chunks added up in double. */
  double sum(float[] a, int off, int n);

  /**
   * The mean of {@code x[off..off + n)} into {@code out[0]} and the sum of squared deviations from it into
   * {@code out[1]}, in one pass over memory: each chunk's mean and squared deviations (the second loop over a chunk
   * still in L1), chunks combined in double (Chan et al.'s pairwise update), so an offset far from zero costs no
   * precision.
   */
  void moments(float[] x, int off, int n, double[] out);

  /** Floats per partial sum of {@link #gatherDots}: the vector width, or 1. */
  int width();

  /**
   * The register-tiled inner loop of a convolution (forward, or input gradient through the column view): for each
   * position {@code q ∈ [qFrom, qTo)} and example {@code b < n},
   * {@code dst[dstBase + dstPos[q] + b] = start + Σ_{e ∈ [from, to)} vals[e] · src[srcBase + srcPos[q] + rel[e] + b]},
   * where {@code start} is {@code init}, or the value already there when {@code add}. Every index must be in bounds.
   */
  void gatherMultiplyAdd(float[] src, int srcBase, int[] srcPos, float[] dst, int dstBase, int[] dstPos, int qFrom,
      int qTo, int[] rel, float[] vals, int from, int to, int n, boolean add, float init);

  /**
   * The weight gradient's inner loop: for {@code e ∈ [from, to)}, adds {@code Σ_{q ∈ [qFrom, qTo)} Σ_{b < n}
   * a[aBase + aPos[q] + b] · src[srcBase + srcPos[q] + rel[e] + b]} to the {@link #width()} partial sums at
   * {@code part[partOff + slot[e]·width()]}; {@link #reduce} adds them up.
   */
  void gatherDots(float[] a, int aBase, int[] aPos, float[] src, int srcBase, int[] srcPos, int qFrom, int qTo,
      int[] rel, int[] slot, int from, int to, float[] part, int partOff, int n);

  /**
   * How many examples the callers of the gather loops pass at a time: eight vectors (what the vector loops keep in
   * registers), everything for the scalar loops.
   */
  int batchTile();

  /** The sum of the {@link #width()} partial sums at {@code part[off]}. */
  float reduce(float[] part, int off);

  /**
   * {@code dst[i] = a·x[i] + b}, or {@code max(a·x[i] + b, 0)} with {@code relu}, for {@code off ≤ i < off + n}: a
   * batch-norm channel, with the ReLU that follows it fused.
   */
  void affine(float[] x, float a, float b, boolean relu, float[] dst, int off, int n);

  /**
   * The two sums of a batch-norm channel's backward pass: {@code out[0] += Σ g[i]}, {@code out[1] += Σ g[i]·(x[i] −
   * c)} over {@code off ≤ i < off + n}, where {@code g[i] = dy[i]}, or with {@code relu} {@code dy[i]} where the
   * forward pass's {@code affine(x, ya, yb, true, …)} gave a positive value and 0 elsewhere — recomputed from
   * {@code x} exactly as {@link #affine} computes it, so the output need not be read again. Float chunks added up in
   * double.
   */
  void normSums(float[] dy, float[] x, boolean relu, float ya, float yb, float c, int off, int n, double[] out);

  /** {@code dx[i] = a·g[i] + b·x[i] + c} with {@code g} as in {@link #normSums}. */
  void normBackward(float[] dy, float[] x, boolean relu, float ya, float yb, float a, float b, float c, float[] dx,
      int off, int n);

  /**
   * Chan et al.'s pairwise update: folds a chunk of {@code len} values with mean {@code c} and squared deviations
   * {@code q} from it into {@code acc = {count, mean, squared deviations}}.
   */
  static void combine(double[] acc, int len, double c, double q) {
    double total = acc[0] + len;
    double delta = c - acc[1];
    acc[1] += delta * len / total;
    acc[2] += q + delta * delta * acc[0] * len / total;
    acc[0] = total;
  }

  /** Elements per float partial sum before it goes into a double total (4 KB: a chunk of {@link #moments} is in L1). */
  int CHUNK = 1024;

  /** The Vector API loops when the module is available, else {@link #SCALAR}. */
  static Lanes best() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorLanes.INSTANCE : SCALAR;
  }

  /** Plain loops (C2 vectorises the axpy; the dot keeps four partial sums). */
  Lanes SCALAR = new Lanes() {
    @Override
    public void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) {
        y[yo + i] += a * x[xo + i];
      }
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        s0 += a[ao + i] * b[bo + i];
        s1 += a[ao + i + 1] * b[bo + i + 1];
        s2 += a[ao + i + 2] * b[bo + i + 2];
        s3 += a[ao + i + 3] * b[bo + i + 3];
      }
      for (; i < n; i++) {
        s0 += a[ao + i] * b[bo + i];
      }
      return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void relu(float[] x, float[] y, int from, int to) {
      for (int i = from; i < to; i++) {
        y[i] = Math.max(x[i], 0f);
      }
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
      for (int i = from; i < to; i++) {
        int bits = Float.floatToRawIntBits(y[i]); // ≥ +0: positive exactly when the bits are not 0
        dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & ((bits | -bits) >> 31));
      }
    }

    @Override
    public int width() {
      return 1;
    }

    @Override
    public void gatherMultiplyAdd(float[] src, int srcBase, int[] srcPos, float[] dst, int dstBase, int[] dstPos,
        int qFrom, int qTo, int[] rel, float[] vals, int from, int to, int n, boolean add, float init) {
      for (int q = qFrom; q < qTo; q++) {
        int s = srcBase + srcPos[q];
        int d = dstBase + dstPos[q];
        if (!add) {
          java.util.Arrays.fill(dst, d, d + n, init);
        }
        for (int e = from; e < to; e++) {
          axpy(vals[e], src, s + rel[e], dst, d, n);
        }
      }
    }

    @Override
    public int batchTile() {
      return Integer.MAX_VALUE;
    }

    @Override
    public void gatherDots(float[] a, int aBase, int[] aPos, float[] src, int srcBase, int[] srcPos, int qFrom,
        int qTo, int[] rel, int[] slot, int from, int to, float[] part, int partOff, int n) {
      for (int q = qFrom; q < qTo; q++) {
        for (int e = from; e < to; e++) {
          part[partOff + slot[e]] += dot(a, aBase + aPos[q], src, srcBase + srcPos[q] + rel[e], n);
        }
      }
    }

    @Override
    public float reduce(float[] part, int off) {
      return part[off];
    }

    @Override
    public void affine(float[] x, float a, float b, boolean relu, float[] dst, int off, int n) {
      for (int i = off; i < off + n; i++) {
        float v = a * x[i] + b;
        dst[i] = relu ? Math.max(v, 0f) : v;
      }
    }

    @Override
    public void normSums(float[] dy, float[] x, boolean relu, float ya, float yb, float c, int off, int n,
        double[] out) {
      double s0 = 0;
      double s1 = 0;
      for (int i = off; i < off + n; i++) {
        float g = relu && !(ya * x[i] + yb > 0) ? 0f : dy[i];
        s0 += g;
        s1 += g * (x[i] - c);
      }
      out[0] += s0;
      out[1] += s1;
    }

    @Override
    public void normBackward(float[] dy, float[] x, boolean relu, float ya, float yb, float a, float b, float c,
        float[] dx, int off, int n) {
      for (int i = off; i < off + n; i++) {
        float g = relu && !(ya * x[i] + yb > 0) ? 0f : dy[i];
        dx[i] = a * g + b * x[i] + c;
      }
    }

    @Override
    public double sum(float[] a, int off, int n) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += a[off + i];
      }
      return total;
    }

    @Override
    public void moments(float[] x, int off, int n, double[] out) {
      double[] total = new double[3];
      for (int i = off, end = off + n; i < end; i += CHUNK) {
        int len = Math.min(CHUNK, end - i);
        float s = 0;
        for (int j = i; j < i + len; j++) {
          s += x[j];
        }
        float c = s / len;
        float q = 0;
        for (int j = i; j < i + len; j++) {
          float d = x[j] - c;
          q += d * d;
        }
        Lanes.combine(total, len, c, q);
      }
      out[0] = total[1];
      out[1] = total[2];
    }
  };
}
