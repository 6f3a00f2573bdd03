package dev.sparse4j.backend.djl.pytorch.internal;

import static dev.sparse4j.api.spi.AbstractSparseModel.ADAM_M;
import static dev.sparse4j.api.spi.AbstractSparseModel.ADAM_V;
import static dev.sparse4j.api.spi.AbstractSparseModel.MOMENTUM;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sparse4j.api.spi.AbstractSparseModel.TrainingBatch;
import dev.sparse4j.api.spi.OptimizerConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The {@code torch.optim} SGD and Adam updates on DJL arrays, in place. */
final class TorchOptimizerStep {
  private TorchOptimizerStep() {}

  /**
   * One optimizer step, {@code torch.optim} semantics, in place on the gradient buffers (they are zeroed after the
   * step anyway): gradients of pruned weights are zeroed first; with pruned weights and their optimizer state at
   * 0.0, every update term of a pruned entry is then 0.0, so the weights need no second mask multiply. The step's
   * scalars are made once per step, not once per operation (DJL turns every scalar operand into a new array).
   *
   * @param names the trainable parameters, in order
   * @param weights each parameter's array (its gradient holds this step's gradient)
   * @param masks the masks of pruned parameters
   * @param state the optimizer state by canonical entry name ({@code <param>.momentum}, {@code .adam_m/.adam_v})
   */
  static void update(NDManager step, TrainingBatch batch, List<String> names, Function<String, NDArray> weights,
      Map<String, NDArray> masks, Map<String, NDArray> state, DataType dataType) {
    OptimizerConfig c = batch.optimizer();
    double lr = batch.learningRate();
    NDArray wd = c.weightDecay() != 0 ? scalar(step, dataType, c.weightDecay()) : null;
    if (c.kind() == OptimizerConfig.Kind.SGD) {
      NDArray mu = c.momentum() > 0 ? scalar(step, dataType, c.momentum()) : null;
      NDArray rate = scalar(step, dataType, lr);
      for (String name : names) {
        NDArray w = weights.apply(name);
        NDArray d = decayedGradient(w, masks.get(name), wd);
        if (mu != null) {
          NDArray buf = state.get(name + MOMENTUM);
          // buf starts at zero, so the first step gives buf = d_p exactly as torch.optim.SGD.
          buf.muli(mu).addi(d);
          if (c.nesterov()) {
            d.addi(buf.mul(mu));
          } else {
            d = buf.mul(rate);
            w.subi(d);
            continue;
          }
        }
        w.subi(d.muli(rate));
      }
    } else {
      long t = batch.number();
      NDArray beta1 = scalar(step, dataType, c.beta1());
      NDArray beta2 = scalar(step, dataType, c.beta2());
      NDArray oneMinusBeta1 = scalar(step, dataType, 1 - c.beta1());
      NDArray oneMinusBeta2 = scalar(step, dataType, 1 - c.beta2());
      NDArray sqrtBc2 = scalar(step, dataType, Math.sqrt(1 - Math.pow(c.beta2(), t)));
      NDArray eps = scalar(step, dataType, c.epsilon());
      NDArray rate = scalar(step, dataType, lr / (1 - Math.pow(c.beta1(), t)));
      for (String name : names) {
        NDArray w = weights.apply(name);
        NDArray d = decayedGradient(w, masks.get(name), wd);
        NDArray m = state.get(name + ADAM_M);
        NDArray v = state.get(name + ADAM_V);
        m.muli(beta1).addi(d.mul(oneMinusBeta1));
        v.muli(beta2).addi(d.mul(d).muli(oneMinusBeta2));
        NDArray denom = v.sqrt().divi(sqrtBc2).addi(eps);
        w.subi(m.div(denom).muli(rate));
      }
    }
  }

  /** The masked gradient of {@code w} plus {@code wd · w} ({@code null}: no decay), in the gradient's own buffer. */
  private static NDArray decayedGradient(NDArray w, NDArray mask, NDArray wd) {
    NDArray g = w.getGradient();
    if (mask != null) {
      g.muli(mask);
    }
    return wd != null ? g.addi(w.mul(wd)) : g;
  }

  /** A scalar operand in the model's data type (a float64 model keeps double-precision constants). */
  private static NDArray scalar(NDManager step, DataType dataType, double value) {
    return dataType == DataType.FLOAT64 ? step.create(value) : step.create((float) value);
  }
}
