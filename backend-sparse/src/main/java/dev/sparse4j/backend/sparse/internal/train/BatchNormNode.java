package dev.sparse4j.backend.sparse.internal.train;

/**
 * Batch-norm as PyTorch defines it, not folded: training mode normalises each channel (one contiguous block of the
 * feature-major activation) with its batch mean and biased variance ({@link Lanes#moments}: one pass over memory,
 * chunks combined in double), and a real step moves the running statistics by {@code momentum} toward the batch
 * mean and the unbiased variance; evaluation mode uses the running statistics. A ReLU right after it is fused
 * ({@link #withRelu()}): one pass writes {@code max(γ·x̂ + β, 0)}, and the backward pass masks the output gradient
 * inside its own two passes, recomputing the sign of {@code γ·x̂ + β} from the input rather than reading the output.
 */
final class BatchNormNode implements Node {
  private final int channels;
  private final double eps;
  private final double momentum;
  private final ParamTensor gamma;
  private final ParamTensor beta;
  private final ParamTensor runningMean;
  private final ParamTensor runningVar;
  private final boolean relu;
  private Act x;
  private double[] mean;
  private double[] invStd;
  /** Per channel, the affine map the forward pass applied ({@code y = scale·x + shift}), for the ReLU's mask. */
  private float[] scale;
  private float[] shift;
  private boolean batchStatistics;
  private float[] y;
  private float[] dx;

  BatchNormNode(int channels, double eps, double momentum, ParamTensor gamma, ParamTensor beta,
      ParamTensor runningMean, ParamTensor runningVar) {
    this(channels, eps, momentum, gamma, beta, runningMean, runningVar, false);
  }

  private BatchNormNode(int channels, double eps, double momentum, ParamTensor gamma, ParamTensor beta,
      ParamTensor runningMean, ParamTensor runningVar, boolean relu) {
    this.channels = channels;
    this.eps = eps;
    this.momentum = momentum;
    this.gamma = gamma;
    this.beta = beta;
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.relu = relu;
  }

  /** This batch-norm followed by a ReLU, in one node. */
  BatchNormNode withRelu() {
    return new BatchNormNode(channels, eps, momentum, gamma, beta, runningMean, runningVar, true);
  }

  @Override
  public Act forward(Act input, Pass pass) {
    x = input;
    float[] v = input.v();
    int block = v.length / channels;
    mean = new double[channels];
    invStd = new double[channels];
    float[] scale = this.scale = new float[channels];
    float[] shift = this.shift = new float[channels];
    batchStatistics = pass.train();
    float[] rm = runningMean.values();
    float[] rv = runningVar.values();
    float[] g = gamma.values();
    float[] b = beta.values();
    float[] y = this.y = Reuse.of(this.y, v.length);
    Lanes lanes = pass.lanes();
    Parallel.range(pass.pool(), channels, (long) v.length * 3, (from, to) -> {
      double[] moments = new double[2];
      for (int c = from; c < to; c++) {
        int off = c * block;
        double var;
        if (batchStatistics) {
          lanes.moments(v, off, block, moments);
          double mu = moments[0];
          double sq = moments[1];
          var = sq / block;
          mean[c] = mu;
          if (pass.updateStatistics()) {
            float unbiased = (float) (block > 1 ? sq / (block - 1) : var);
            rm[c] = (float) (1 - momentum) * rm[c] + (float) momentum * (float) mu;
            rv[c] = (float) (1 - momentum) * rv[c] + (float) momentum * unbiased;
          }
        } else {
          mean[c] = rm[c];
          var = rv[c];
        }
        invStd[c] = 1 / Math.sqrt(var + eps);
        scale[c] = (float) (g[c] * invStd[c]);
        shift[c] = (float) (b[c] - mean[c] * g[c] * invStd[c]);
        lanes.affine(v, scale[c], shift[c], relu, y, off, block);
      }
    });
    return new Act(y, input.shape(), input.batch());
  }

  @Override
  public float[] backward(float[] dy, Pass pass, boolean needInput) {
    float[] v = x.v();
    int block = v.length / channels;
    float[] gg = pass.denseTarget(gamma);
    float[] gb = pass.denseTarget(beta);
    float[] g = gamma.values();
    float[] dx = needInput ? (this.dx = Reuse.of(this.dx, v.length)) : null;
    float[] scale = this.scale;
    float[] shift = this.shift;
    Lanes lanes = pass.lanes();
    Parallel.range(pass.pool(), channels, (long) v.length * 3, (from, to) -> {
      double[] sums = new double[2];
      for (int c = from; c < to; c++) {
        int off = c * block;
        sums[0] = 0;
        sums[1] = 0;
        lanes.normSums(dy, v, relu, scale[c], shift[c], (float) mean[c], off, block, sums);
        double sumDy = sums[0];
        double sumDyXhat = sums[1] * invStd[c];
        if (gg != null) {
          gg[c] += (float) sumDyXhat;
          gb[c] += (float) sumDy;
        }
        if (dx == null) {
          continue;
        }
        double k = g[c] * invStd[c];
        if (batchStatistics) {
          // dx = k·(dy − mean(dy) − x̂·mean(dy·x̂)) with x̂ = (x − μ)·invStd, as a·dy + b·x + c in float.
          double meanDyXhat = sumDyXhat / block;
          lanes.normBackward(dy, v, relu, scale[c], shift[c], (float) k, (float) (-k * meanDyXhat * invStd[c]),
              (float) (-k * (sumDy / block) + k * meanDyXhat * invStd[c] * mean[c]), dx, off, block);
        } else {
          lanes.normBackward(dy, v, relu, scale[c], shift[c], (float) k, 0f, 0f, dx, off, block);
        }
      }
    });
    return dx;
  }
}
