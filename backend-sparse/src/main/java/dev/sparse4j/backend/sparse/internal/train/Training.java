package dev.sparse4j.backend.sparse.internal.train;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseModel.StepOutput;
import dev.sparse4j.api.spi.AbstractSparseModel.TrainingBatch;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * The training side of a {@code sparse-cpu} model: a step (training-mode forward, mean cross-entropy, backward to the
 * kept entries only, {@code torch.optim} update of kept entries), the input gradient in evaluation mode and the raw
 * dense parameter gradients the SPI defines (score pruners, RigL's grow step).
 */
public final class Training {
  private final ModelSpec spec;
  private final TrainTensors tensors;
  private final TrainGraph graph;
  private final ForkJoinPool pool;
  private final Lanes lanes;

  /**
   * A graph over {@code tensors}; {@code pool} may be null (one thread); {@code vector}: the Vector API loops when
   * the JVM has the module (else, and when false, plain loops).
   */
  public Training(ModelSpec spec, TrainTensors tensors, ForkJoinPool pool, boolean vector) {
    this.spec = spec;
    this.tensors = tensors;
    this.graph = TrainGraph.compile(spec, tensors);
    this.pool = pool;
    this.lanes = vector ? Lanes.best() : Lanes.SCALAR;
  }

  /** One step; the running statistics move; returns the loss and logits from before the update. */
  public StepOutput step(TrainingBatch b, List<String> trainable) {
    Pass pass = new Pass(true, true, b.noiseSeed(), Pass.Gradients.KEPT, null, pool, lanes);
    float[] logits = graph.forward(b.inputs(), b.batchSize(), pass);
    double[] loss = new double[1];
    float[] dz = lossGradient(logits, b.labels(), b.batchSize(), 1.0, true, loss);
    graph.backward(dz, b.batchSize(), pass, false);
    for (String name : trainable) {
      Optimizer.update(tensors.get(name), b.optimizer(), b.learningRate(), b.number());
    }
    return new StepOutput(loss[0] / b.batchSize(), logits);
  }

  /**
   * Most examples per pass of {@link #inputGradient}: each example's gradient is its own, so an evaluation batch
   * (500 by default) runs in equal slices of at most a training batch's size (4 × 125), and the nodes' arrays stay
   * that size from call to call instead of being replaced for every odd-sized rest (which filled the old generation
   * with dead arrays).
   */
  static final int INPUT_GRADIENT_SLICE = 128;

  /** Gradient of the summed cross-entropy of {@code logits / temperature}, in evaluation mode. */
  public float[] inputGradient(float[] inputs, int[] targets, int batch, double temperature) {
    int size = spec.inputSize();
    float[] out = new float[batch * size];
    inSlices(batch, (from, n) -> {
      float[] x = batch == n ? inputs : Arrays.copyOfRange(inputs, from * size, (from + n) * size);
      int[] y = batch == n ? targets : Arrays.copyOfRange(targets, from, from + n);
      Pass pass = new Pass(false, false, 0, Pass.Gradients.NONE, null, pool, lanes);
      float[] logits = graph.forward(x, n, pass);
      float[] g = graph.backward(lossGradient(logits, y, n, temperature, false, null), n, pass, true);
      System.arraycopy(g, 0, out, from * size, g.length);
    });
    return out;
  }

  /** Calls {@code slice} with (first example, count) for equal slices of at most {@link #INPUT_GRADIENT_SLICE}. */
  private static void inSlices(int batch, java.util.function.BiConsumer<Integer, Integer> slice) {
    int slices = (batch + INPUT_GRADIENT_SLICE - 1) / INPUT_GRADIENT_SLICE;
    int per = (batch + slices - 1) / slices;
    for (int from = 0; from < batch; from += per) {
      slice.accept(from, Math.min(per, batch - from));
    }
  }

  /**
   * Logits in evaluation mode from the training graph (no dense weight copy: what a model held as kept entries
   * evaluates with), in slices like {@link #inputGradient}.
   */
  public float[] logits(float[] inputs, int batch) {
    int size = spec.inputSize();
    int classes = spec.numClasses();
    float[] out = new float[batch * classes];
    inSlices(batch, (from, n) -> {
      float[] x = batch == n ? inputs : Arrays.copyOfRange(inputs, from * size, (from + n) * size);
      Pass pass = new Pass(false, false, 0, Pass.Gradients.NONE, null, pool, lanes);
      float[] z = graph.forward(x, n, pass);
      System.arraycopy(z, 0, out, from * classes, n * classes);
    });
    return out;
  }

  /**
   * Raw dense gradients of the mean cross-entropy of {@code logits / temperature}; training mode uses batch
   * statistics without moving the running ones, and draws dropout from {@code noiseSeed}.
   */
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batch, boolean trainMode,
      double temperature, long noiseSeed, List<String> trainable) {
    Pass pass = new Pass(trainMode, false, noiseSeed, Pass.Gradients.DENSE, new HashMap<>(), pool, lanes);
    float[] logits = graph.forward(inputs, batch, pass);
    graph.backward(lossGradient(logits, labels, batch, temperature, true, null), batch, pass, false);
    return ordered(pass, trainable);
  }

  /** Raw dense gradients of the sum of the logits, in evaluation mode. */
  public Map<String, float[]> outputSumGradients(float[] inputs, int batch, List<String> trainable) {
    Pass pass = new Pass(false, false, 0, Pass.Gradients.DENSE, new HashMap<>(), pool, lanes);
    float[] logits = graph.forward(inputs, batch, pass);
    float[] ones = new float[logits.length];
    Arrays.fill(ones, 1f);
    graph.backward(ones, batch, pass, false);
    return ordered(pass, trainable);
  }

  private static Map<String, float[]> ordered(Pass pass, List<String> trainable) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String name : trainable) {
      float[] g = pass.dense().get(name);
      if (g == null) {
        throw new IllegalStateException("no gradient reached " + name);
      }
      out.put(name, g);
    }
    return out;
  }

  /**
   * {@code ∂ CE(z / T, y) / ∂z = (softmax(z / T) − e_y) / T}, divided by the batch for the mean; adds each example's
   * loss (at temperature 1) to {@code loss[0]} when given.
   */
  private float[] lossGradient(float[] z, int[] labels, int batch, double temperature, boolean mean,
      double[] loss) {
    int classes = spec.numClasses();
    float[] dz = new float[z.length];
    double scale = mean ? temperature * batch : temperature;
    double[] p = new double[classes];
    for (int b = 0; b < batch; b++) {
      int off = b * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, z[off + k] / temperature);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        p[k] = Math.exp(z[off + k] / temperature - max);
        sum += p[k];
      }
      for (int k = 0; k < classes; k++) {
        dz[off + k] = (float) ((p[k] / sum - (k == labels[b] ? 1 : 0)) / scale);
      }
      if (loss != null) {
        loss[0] += max + Math.log(sum) - z[off + labels[b]] / temperature;
      }
    }
    return dz;
  }
}
