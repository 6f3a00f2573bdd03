package dev.sparse4j.backend.nd4j.internal;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.DropoutNoise;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.backend.nd4j.internal.GraphBuilder.BatchStats;
import dev.sparse4j.backend.nd4j.internal.GraphBuilder.DropoutInput;
import dev.sparse4j.backend.nd4j.internal.GraphBuilder.Graph;
import dev.sparse4j.backend.nd4j.internal.GraphBuilder.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link ModelSpec} compiled to SameDiff graphs on ND4J, fp32. Three graphs share one set of weight arrays
 * ({@link GraphBuilder}): training mode (batch statistics, seeded dropout), evaluation mode, and the output sum.
 * Gradients come from SameDiff ({@code calculateGradientsAndOutputs}); the optimizer is written here in ND4J array
 * operations with {@code torch.optim} semantics, so no SameDiff updater or {@code fit} is involved (with oneDNN natives
 * repeated {@code fit} calls train wrongly in 1.0.0-M2.1). Batch-norm running statistics are updated here from the
 * batch mean and biased variance the training graph outputs, with PyTorch's momentum and the unbiased variance.
 *
 * <p>Argument checks, mask and optimizer-state bookkeeping live in {@link AbstractSparseModel}.
 */
final class Nd4jSparseModel extends AbstractSparseModel {
  private final Map<String, INDArray> tensors = new LinkedHashMap<>();
  private final Map<String, INDArray> maskArrays = new HashMap<>();
  private final Map<String, INDArray> optimizerArrays = new LinkedHashMap<>();
  private final Graph train;
  private final Graph eval;
  private final Graph outputSum;
  private final long[] inputShape;
  private final int numClasses;
  private final Runnable onClose;

  Nd4jSparseModel(String backendId, Set<Capability> capabilities, ModelSpec spec, long seed, Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.onClose = onClose;
    this.numClasses = spec.numClasses();
    int[] in = spec.inputShape();
    this.inputShape = new long[in.length + 1];
    for (int i = 0; i < in.length; i++) {
      inputShape[i + 1] = in[i];
    }
    Map<String, float[]> initial = WeightInit.initialState(spec, seed);
    for (ParamSpec p : spec.stateTensors()) {
      tensors.put(p.name(), Nd4j.create(initial.get(p.name()), toLong(p.shape()), 'c'));
    }
    this.train = GraphBuilder.build(spec, Mode.TRAIN, tensors);
    this.eval = GraphBuilder.build(spec, Mode.EVAL, tensors);
    this.outputSum = GraphBuilder.build(spec, Mode.EVAL_OUTPUT_SUM, tensors);
    // SameDiff prints "Added differentiated op …" to stdout while it builds a gradient function: do it now, quietly.
    QuietStdout.run(() -> {
      train.sd().createGradFunction();
      eval.sd().createGradFunction(GraphBuilder.INPUT);
      outputSum.sd().createGradFunction();
      return null;
    });
  }

  @Override
  protected Map<String, float[]> readTensors(List<String> names) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, floats(tensors.get(name)));
    }
    return out;
  }

  @Override
  protected void writeTensors(Map<String, float[]> values) {
    values.forEach((name, v) -> {
      INDArray target = tensors.get(name);
      target.assign(Nd4j.create(v, target.shape(), 'c'));
    });
  }

  @Override
  protected void installMasks(Map<String, Mask> active) {
    // Freed now, not at the next GC: dynamic sparse training replaces the masks every few hundred steps.
    maskArrays.values().forEach(INDArray::close);
    maskArrays.clear();
    active.forEach((name, mask) -> maskArrays.put(name, Nd4j.create(mask.toFloats(), toLong(mask.shape()), 'c')));
  }

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.INPUT, input(inputs, batchSize));
    return floats(eval.sd().output(ph, GraphBuilder.LOGITS).get(GraphBuilder.LOGITS));
  }

  @Override
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    optimizerArrays.clear();
    entries.forEach((entry, p) -> optimizerArrays.put(entry, Nd4j.zeros(DataType.FLOAT, toLong(p.shape()))));
  }

  @Override
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String entry : entries) {
      out.put(entry, floats(optimizerArrays.get(entry)));
    }
    return out;
  }

  @Override
  protected void writeOptimizerState(Map<String, float[]> values) {
    values.forEach((entry, v) -> {
      INDArray target = optimizerArrays.get(entry);
      target.assign(Nd4j.create(v, target.shape(), 'c'));
    });
  }

  @Override
  protected StepOutput step(TrainingBatch batch) {
    Map<String, INDArray> ph = crossEntropyInputs(train, batch.inputs(), batch.labels(), batch.batchSize(), 1.0,
        true, batch.noiseSeed());
    List<String> outputs = new ArrayList<>(List.of(GraphBuilder.LOSS, GraphBuilder.LOGITS));
    for (BatchStats s : train.batchStats()) {
      outputs.add(s.meanOutput());
      outputs.add(s.varOutput());
    }
    OutAndGrad r = train.sd().calculateGradientsAndOutputs(ph, outputs, trainableNames());
    Map<String, INDArray> out = r.getOutputs();
    double loss = out.get(GraphBuilder.LOSS).getDouble(0);
    float[] logits = floats(out.get(GraphBuilder.LOGITS));
    updateRunningStatistics(out, batch.batchSize());
    update(batch, r.getGradients());
    // Free the step's off-heap arrays now rather than at some later garbage collection: at ResNet sizes the
    // allocator otherwise keeps mapping fresh pages, which costs more than the kernels.
    r.getGradients().values().forEach(Nd4jSparseModel::free);
    out.values().forEach(Nd4jSparseModel::free);
    closeLeftovers(train, ph);
    return new StepOutput(loss, logits);
  }

  @Override
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    Map<String, INDArray> ph = crossEntropyInputs(eval, inputs, targets, batchSize, temperature, false, 0);
    float[] g = floats(eval.sd().calculateGradients(ph, GraphBuilder.INPUT).get(GraphBuilder.INPUT));
    closeLeftovers(eval, ph);
    return g;
  }

  @Override
  protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    Graph g = trainMode ? train : eval;
    Map<String, INDArray> ph = crossEntropyInputs(g, inputs, labels, batchSize, temperature, true,
        defaultNoiseSeed());
    Map<String, float[]> out = inOrder(g.sd().calculateGradients(ph, trainableNames()));
    closeLeftovers(g, ph);
    return out;
  }

  @Override
  protected Map<String, float[]> computeOutputSumGradients(float[] inputs, int batchSize) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.INPUT, input(inputs, batchSize));
    Map<String, float[]> out = inOrder(outputSum.sd().calculateGradients(ph, trainableNames()));
    closeLeftovers(outputSum, ph);
    return out;
  }

  /** The training graph does not touch the running statistics: they are updated in {@link #step} only. */
  @Override
  protected boolean trainingForwardUpdatesRunningStatistics() {
    return false;
  }

  @Override
  protected void release() {
    tensors.values().forEach(INDArray::close);
    maskArrays.values().forEach(INDArray::close);
    optimizerArrays.values().forEach(INDArray::close);
    onClose.run();
  }

  // ---------------------------------------------------------------- internals

  private Map<String, INDArray> crossEntropyInputs(Graph g, float[] inputs, int[] labels, int batchSize,
      double temperature, boolean mean, long noiseSeed) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(GraphBuilder.INPUT, input(inputs, batchSize));
    float[] oneHot = new float[batchSize * numClasses];
    for (int i = 0; i < batchSize; i++) {
      oneHot[i * numClasses + labels[i]] = 1f;
    }
    ph.put(GraphBuilder.LABELS, Nd4j.create(oneHot, new long[] {batchSize, numClasses}, 'c'));
    ph.put(GraphBuilder.INV_TEMPERATURE, Nd4j.scalar((float) (1.0 / temperature)));
    ph.put(GraphBuilder.SCALE, Nd4j.scalar(mean ? 1f / batchSize : 1f));
    for (DropoutInput d : g.dropouts()) {
      long[] shape = new long[d.shape().length + 1];
      shape[0] = batchSize;
      int n = batchSize;
      for (int i = 0; i < d.shape().length; i++) {
        shape[i + 1] = d.shape()[i];
        n *= d.shape()[i];
      }
      ph.put(d.placeholder(), Nd4j.create(DropoutNoise.mask(noiseSeed, d.path(), n, d.p()), shape, 'c'));
    }
    return ph;
  }

  private INDArray input(float[] inputs, int batchSize) {
    long[] shape = inputShape.clone();
    shape[0] = batchSize;
    return Nd4j.create(inputs, shape, 'c');
  }

  /** PyTorch: {@code running = (1 − m)·running + m·batch}, with the unbiased batch variance. */
  private void updateRunningStatistics(Map<String, INDArray> out, int batchSize) {
    for (BatchStats s : train.batchStats()) {
      INDArray mean = out.get(s.meanOutput());
      INDArray var = out.get(s.varOutput());
      long n = (long) batchSize * s.spatial();
      double m = s.momentum();
      INDArray runningMean = tensors.get(s.path() + ".running_mean");
      INDArray runningVar = tensors.get(s.path() + ".running_var");
      runningMean.muli(1 - m).addi(mean.mul(m));
      double unbiased = n > 1 ? (double) n / (n - 1) : 1.0;
      runningVar.muli(1 - m).addi(var.mul(m * unbiased));
    }
  }

  /**
   * One optimizer step, {@code torch.optim} semantics, in place on the shared arrays. Gradients of pruned weights
   * are zeroed first; with pruned weights and their optimizer state at 0.0, every update term of a pruned entry is
   * then 0.0.
   */
  private void update(TrainingBatch batch, Map<String, INDArray> grads) {
    OptimizerConfig c = batch.optimizer();
    double lr = batch.learningRate();
    double wd = c.weightDecay();
    for (String name : trainableNames()) {
      INDArray w = tensors.get(name);
      INDArray g = grads.get(name);
      INDArray mask = maskArrays.get(name);
      if (mask != null) {
        g.muli(mask);
      }
      // d = g + wd·w, in place in the gradient (the step owns it).
      INDArray d = g;
      if (wd != 0) {
        Nd4j.getBlasWrapper().level1().axpy(w.length(), wd, w, d);
      }
      if (c.kind() == OptimizerConfig.Kind.SGD) {
        if (c.momentum() > 0) {
          double mu = c.momentum();
          INDArray buf = optimizerArrays.get(name + MOMENTUM);
          // buf starts at zero, so the first step gives buf = d exactly as torch.optim.SGD.
          buf.muli(mu).addi(d);
          if (c.nesterov()) {
            Nd4j.getBlasWrapper().level1().axpy(d.length(), mu, buf, d); // d += μ·buf
          } else {
            d.assign(buf);
          }
        }
        Nd4j.getBlasWrapper().level1().axpy(w.length(), -lr, d, w); // w -= lr·d
      } else {
        long t = batch.number();
        INDArray m = optimizerArrays.get(name + ADAM_M);
        INDArray v = optimizerArrays.get(name + ADAM_V);
        m.muli(c.beta1());
        Nd4j.getBlasWrapper().level1().axpy(d.length(), 1 - c.beta1(), d, m);
        v.muli(c.beta2());
        try (INDArray sq = d.mul(d)) {
          Nd4j.getBlasWrapper().level1().axpy(sq.length(), 1 - c.beta2(), sq, v);
        }
        double bc1 = 1 - Math.pow(c.beta1(), t);
        double bc2 = 1 - Math.pow(c.beta2(), t);
        try (INDArray denom = Transforms.sqrt(v, true).divi(Math.sqrt(bc2)).addi(c.epsilon());
            INDArray update = m.div(denom)) {
          Nd4j.getBlasWrapper().level1().axpy(w.length(), -lr / bc1, update, w);
        }
      }
    }
  }

  /**
   * Frees a gradient call's placeholders {@code ph} and what the call left in {@code g}'s gradient session (see
   * {@link GradientSessionArrays}); the caller has copied out what it needs.
   */
  private void closeLeftovers(Graph g, Map<String, INDArray> ph) {
    ph.values().forEach(Nd4jSparseModel::free);
    List<INDArray> persistent = new ArrayList<>(tensors.values());
    persistent.addAll(maskArrays.values());
    persistent.addAll(optimizerArrays.values());
    GradientSessionArrays.close(g.sd(), persistent);
  }

  private static void free(INDArray a) {
    if (a != null && a.closeable()) {
      a.close();
    }
  }

  /** Gradients by name in {@code state_dict} order. */
  private Map<String, float[]> inOrder(Map<String, INDArray> arrays) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String name : trainableNames()) {
      out.put(name, floats(arrays.get(name)));
    }
    return out;
  }

  /** Row-major values of {@code a}, whatever its ordering or offset. */
  static float[] floats(INDArray a) {
    INDArray c = a.isView() || a.ordering() != 'c' || a.data().length() != a.length() ? a.dup('c') : a;
    return c.data().asFloat();
  }

  private static long[] toLong(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }
}
