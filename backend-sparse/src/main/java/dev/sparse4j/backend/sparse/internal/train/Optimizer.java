package dev.sparse4j.backend.sparse.internal.train;

import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;

/**
 * {@code torch.optim.SGD} and {@code torch.optim.Adam} (L2 weight decay) on one tensor's entries, in float as
 * PyTorch computes them. On a weight these are its kept entries, whose gradient is the masked one by construction.
 */
final class Optimizer {
  private Optimizer() {}

  /** One update of {@code p} with its {@link ParamTensor#grad()} at step {@code number} (1-based). */
  static void update(ParamTensor p, OptimizerConfig config, double learningRate, long number) {
    float[] w = p.values();
    float[] g = p.grad();
    float lr = (float) learningRate;
    float wd = (float) config.weightDecay();
    if (config.kind() == OptimizerConfig.Kind.SGD) {
      float mu = (float) config.momentum();
      float[] buf = p.slot(AbstractSparseModel.MOMENTUM);
      for (int i = 0; i < w.length; i++) {
        float d = g[i] + wd * w[i];
        if (buf != null) {
          buf[i] = mu * buf[i] + d; // the buffer starts at 0: b = d at the first step
          d = config.nesterov() ? d + mu * buf[i] : buf[i];
        }
        w[i] -= lr * d;
      }
      return;
    }
    float b1 = (float) config.beta1();
    float b2 = (float) config.beta2();
    float[] m = p.slot(AbstractSparseModel.ADAM_M);
    float[] v = p.slot(AbstractSparseModel.ADAM_V);
    double c1 = 1 - Math.pow(config.beta1(), number);
    double sqrtC2 = Math.sqrt(1 - Math.pow(config.beta2(), number));
    float stepSize = (float) (learningRate / c1);
    float eps = (float) config.epsilon();
    for (int i = 0; i < w.length; i++) {
      float d = g[i] + wd * w[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      float denom = (float) (Math.sqrt(v[i]) / sqrtC2) + eps;
      w[i] -= stepSize * m[i] / denom;
    }
  }
}
