package dev.sparse4j.backend.djl.tensorflow.internal;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.ConvWorkaround;
import dev.sparse4j.api.spi.DropoutNoise;
import dev.sparse4j.api.spi.HeapTensors;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.TensorLayouts;
import dev.sparse4j.backend.djl.tensorflow.internal.TfGraph.BatchStats;
import dev.sparse4j.backend.djl.tensorflow.internal.TfGraph.DropoutInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A {@link ModelSpec} as a TensorFlow graph ({@link TfGraph}) run through TF-Java's graph API, the API DJL's
 * TensorFlow engine itself runs on. The model keeps every tensor — weights, running statistics, masks, optimizer
 * state — in Java arrays in the canonical layout and feeds them, converted to TensorFlow's layouts with
 * {@link TensorLayouts}, on every run; the training step's {@code torch.optim} update runs as graph ops and its
 * results are converted back. Argument checks and bookkeeping live in {@link AbstractSparseModel}.
 */
final class TfSparseModel extends AbstractSparseModel {
  private final HeapTensors tensors = new HeapTensors();
  private final Map<String, Mask> masks = new HashMap<>();
  private final HeapTensors optimizerState = new HeapTensors();
  private final Map<String, ParamSpec> specs = new HashMap<>();
  private final TfGraph g;
  private final Session session;
  private final Runnable onClose;
  private final int numClasses;
  private UpdateOps update;

  TfSparseModel(String backendId, Set<Capability> capabilities, ModelSpec spec, long seed, int threads,
      ConvWorkaround strided1x1, Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.onClose = onClose;
    this.numClasses = spec.numClasses();
    for (ParamSpec p : spec.stateTensors()) {
      specs.put(p.name(), p);
    }
    tensors.write(WeightInit.initialState(spec, seed));
    this.g = new TfGraph(spec, trainableNames(), null, strided1x1);
    ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(1).build();
    this.session = new Session(g.graph, config);
  }

  // ---------------------------------------------------------------- state

  @Override
  protected Map<String, float[]> readTensors(List<String> names) {
    return tensors.read(names);
  }

  @Override
  protected void writeTensors(Map<String, float[]> values) {
    tensors.write(values);
  }

  @Override
  protected void installMasks(Map<String, Mask> active) {
    // Mask values are fed on every step; only which weights are masked shapes the update ops, so a topology
    // update (same layers, new positions) keeps the graph instead of adding another update subgraph to it.
    if (!masks.keySet().equals(active.keySet())) {
      update = null;
    }
    masks.clear();
    masks.putAll(active);
  }

  @Override
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    optimizerState.clear();
    entries.forEach((e, p) -> optimizerState.put(e, new float[Math.toIntExact(p.numel())]));
    update = null;
  }

  @Override
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    return optimizerState.read(entries);
  }

  @Override
  protected void writeOptimizerState(Map<String, float[]> values) {
    optimizerState.write(values);
  }

  // ---------------------------------------------------------------- computations

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    try (Feeds f = new Feeds()) {
      Session.Runner r = f.model(session.runner(), inputs, batchSize, true);
      try (Result out = r.fetch(g.evalLogits).run()) {
        return floats(out.get(0));
      }
    }
  }

  @Override
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    try (Feeds f = new Feeds()) {
      Session.Runner r = f.crossEntropy(session.runner(), inputs, targets, batchSize, temperature, false, true);
      try (Result out = r.fetch(g.evalGradients().dy(0)).run()) {
        return floats(out.get(0));
      }
    }
  }

  @Override
  protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    try (Feeds f = new Feeds()) {
      Session.Runner r = f.crossEntropy(session.runner(), inputs, labels, batchSize, temperature, true, !trainMode);
      List<String> names = trainableNames();
      for (int i = 0; i < names.size(); i++) {
        r.fetch(trainMode ? g.trainGradients().dy(i) : g.evalGradients().dy(i + 1));
      }
      if (trainMode) {
        f.dropout(r, defaultNoiseSeed(), batchSize);
      }
      try (Result out = r.run()) {
        return canonicalByName(out, 0);
      }
    }
  }

  @Override
  protected Map<String, float[]> computeOutputSumGradients(float[] inputs, int batchSize) {
    try (Feeds f = new Feeds()) {
      Session.Runner r = f.model(session.runner(), inputs, batchSize, true);
      for (int i = 0; i < trainableNames().size(); i++) {
        r.fetch(g.outputSumGradients().dy(i));
      }
      try (Result out = r.run()) {
        return canonicalByName(out, 0);
      }
    }
  }

  /** The graph never touches running statistics: {@link #step} updates them from the batch statistics. */
  @Override
  protected boolean trainingForwardUpdatesRunningStatistics() {
    return false;
  }

  @Override
  protected StepOutput step(TrainingBatch batch) {
    UpdateOps u = updateOps(batch.optimizer());
    OptimizerConfig c = batch.optimizer();
    try (Feeds f = new Feeds()) {
      Session.Runner r = f.crossEntropy(session.runner(), batch.inputs(), batch.labels(), batch.batchSize(), 1.0,
          true, false);
      f.dropout(r, batch.noiseSeed(), batch.batchSize());
      double bc1 = c.kind() == OptimizerConfig.Kind.ADAM ? 1 - Math.pow(c.beta1(), batch.number()) : 1;
      double bc2 = c.kind() == OptimizerConfig.Kind.ADAM ? 1 - Math.pow(c.beta2(), batch.number()) : 1;
      r.feed(u.learningRate, f.scalar(batch.learningRate()));
      r.feed(u.stepSize, f.scalar(batch.learningRate() / bc1));
      r.feed(u.sqrtBc2, f.scalar(Math.sqrt(bc2)));
      u.state.forEach((entry, ph) -> r.feed(ph, f.param(specs.get(u.owner.get(entry)), optimizerState.get(entry))));
      u.masks.forEach((name, ph) -> r.feed(ph, f.param(specs.get(name), masks.get(name).toFloats())));
      r.fetch(g.trainLoss).fetch(g.trainLogits);
      for (BatchStats s : g.batchStats) {
        r.fetch(s.mean()).fetch(s.var());
      }
      List<String> names = trainableNames();
      names.forEach(n -> r.fetch(u.newWeights.get(n)));
      List<String> entries = new ArrayList<>(u.newState.keySet());
      entries.forEach(e -> r.fetch(u.newState.get(e)));
      try (Result out = r.run()) {
        int k = 0;
        double loss = ((TFloat32) out.get(k++)).getFloat();
        float[] logits = floats(out.get(k++));
        for (BatchStats s : g.batchStats) {
          updateRunning(s, floats(out.get(k++)), floats(out.get(k++)));
        }
        for (String n : names) {
          tensors.put(n, TensorLayouts.fromChannelsLast(specs.get(n), floats(out.get(k++))));
        }
        for (String e : entries) {
          optimizerState.put(e, TensorLayouts.fromChannelsLast(specs.get(u.owner.get(e)), floats(out.get(k++))));
        }
        return new StepOutput(loss, logits);
      }
    }
  }

  @Override
  protected void release() {
    session.close();
    g.close();
    onClose.run();
  }

  // ---------------------------------------------------------------- the optimizer as graph ops

  /** Placeholders and results of the {@code torch.optim} update for one optimizer and one set of masked weights. */
  private static final class UpdateOps {
    Placeholder<TFloat32> learningRate;
    Placeholder<TFloat32> stepSize;
    Placeholder<TFloat32> sqrtBc2;
    final Map<String, Placeholder<TFloat32>> masks = new LinkedHashMap<>();
    final Map<String, Placeholder<TFloat32>> state = new LinkedHashMap<>();
    final Map<String, String> owner = new HashMap<>();
    final Map<String, Operand<TFloat32>> newWeights = new LinkedHashMap<>();
    final Map<String, Operand<TFloat32>> newState = new LinkedHashMap<>();
  }

  /**
   * Builds the update once per optimizer setting and mask set (both change rarely): gradient of a pruned weight
   * times its mask, {@code d = g + wd·w}, then SGD ({@code b = μ·b + d}, Nesterov {@code d + μ·b}, {@code w − lr·d})
   * or Adam ({@code w − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)}).
   */
  private UpdateOps updateOps(OptimizerConfig c) {
    if (update != null) {
      return update;
    }
    Ops tf = g.tf;
    UpdateOps u = new UpdateOps();
    u.learningRate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    u.stepSize = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    u.sqrtBc2 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    List<String> names = trainableNames();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      Operand<TFloat32> w = g.tensors.get(n);
      Operand<TFloat32> d = g.trainGradients().dy(i);
      if (masks.containsKey(n)) {
        Placeholder<TFloat32> m = tf.placeholder(TFloat32.class);
        u.masks.put(n, m);
        d = tf.math.mul(d, m);
      }
      if (c.weightDecay() != 0) {
        d = tf.math.add(d, tf.math.mul(w, tf.constant((float) c.weightDecay())));
      }
      if (c.kind() == OptimizerConfig.Kind.SGD) {
        if (c.momentum() > 0) {
          Placeholder<TFloat32> buf = statePlaceholder(u, n + MOMENTUM, n);
          Operand<TFloat32> mu = tf.constant((float) c.momentum());
          Operand<TFloat32> newBuf = tf.math.add(tf.math.mul(buf, mu), d);
          u.newState.put(n + MOMENTUM, newBuf);
          d = c.nesterov() ? tf.math.add(d, tf.math.mul(newBuf, mu)) : newBuf;
        }
        u.newWeights.put(n, tf.math.sub(w, tf.math.mul(d, u.learningRate)));
      } else {
        Placeholder<TFloat32> m = statePlaceholder(u, n + ADAM_M, n);
        Placeholder<TFloat32> v = statePlaceholder(u, n + ADAM_V, n);
        Operand<TFloat32> newM = tf.math.add(tf.math.mul(m, tf.constant((float) c.beta1())),
            tf.math.mul(d, tf.constant((float) (1 - c.beta1()))));
        Operand<TFloat32> newV = tf.math.add(tf.math.mul(v, tf.constant((float) c.beta2())),
            tf.math.mul(tf.math.mul(d, d), tf.constant((float) (1 - c.beta2()))));
        Operand<TFloat32> denom = tf.math.add(tf.math.div(tf.math.sqrt(newV), u.sqrtBc2),
            tf.constant((float) c.epsilon()));
        u.newState.put(n + ADAM_M, newM);
        u.newState.put(n + ADAM_V, newV);
        u.newWeights.put(n, tf.math.sub(w, tf.math.mul(tf.math.div(newM, denom), u.stepSize)));
      }
    }
    update = u;
    return u;
  }

  private Placeholder<TFloat32> statePlaceholder(UpdateOps u, String entry, String param) {
    Placeholder<TFloat32> p = g.tf.placeholder(TFloat32.class);
    u.state.put(entry, p);
    u.owner.put(entry, param);
    return p;
  }

  // ---------------------------------------------------------------- feeding

  /** The tensors fed to one run, closed after it. */
  private final class Feeds implements AutoCloseable {
    private final List<Tensor> open = new ArrayList<>();

    /** Input and every state tensor; {@code withStatistics} feeds the running statistics too. */
    Session.Runner model(Session.Runner r, float[] inputs, int batchSize, boolean withStatistics) {
      int[] in = spec().inputShape();
      long[] shape = new long[in.length + 1];
      shape[0] = batchSize;
      for (int i = 0; i < in.length; i++) {
        shape[i + 1] = in[i];
      }
      r.feed(g.input, tensor(shape, inputs));
      for (ParamSpec p : specs.values()) {
        if (withStatistics || p.kind() != dev.sparse4j.api.ParamKind.BUFFER) {
          r.feed(g.tensors.get(p.name()), param(p, tensors.get(p.name())));
        }
      }
      return r;
    }

    Session.Runner crossEntropy(Session.Runner r, float[] inputs, int[] labels, int batchSize, double temperature,
        boolean mean, boolean withStatistics) {
      model(r, inputs, batchSize, withStatistics);
      float[] oneHot = new float[batchSize * numClasses];
      for (int i = 0; i < batchSize; i++) {
        oneHot[i * numClasses + labels[i]] = 1f;
      }
      r.feed(g.labels, tensor(new long[] {batchSize, numClasses}, oneHot));
      r.feed(g.invTemperature, scalar(1.0 / temperature));
      r.feed(g.scale, scalar(mean ? 1.0 / batchSize : 1.0));
      return r;
    }

    /** Dropout masks of the step, drawn canonically (NCHW) and converted to the graph's NHWC. */
    void dropout(Session.Runner r, long noiseSeed, int batchSize) {
      for (DropoutInput d : g.dropouts) {
        int[] s = d.canonicalShape();
        int n = batchSize;
        for (int v : s) {
          n *= v;
        }
        float[] mask = DropoutNoise.mask(noiseSeed, d.path(), n, d.p());
        if (s.length == 3) {
          int[] nchw = {batchSize, s[0], s[1], s[2]};
          r.feed(d.mask(), tensor(new long[] {batchSize, s[1], s[2], s[0]}, TensorLayouts.nchwToNhwc(mask, nchw)));
        } else {
          long[] shape = new long[s.length + 1];
          shape[0] = batchSize;
          for (int i = 0; i < s.length; i++) {
            shape[i + 1] = s[i];
          }
          r.feed(d.mask(), tensor(shape, mask));
        }
      }
    }

    TFloat32 param(ParamSpec p, float[] canonical) {
      int[] shape = TensorLayouts.channelsLastShape(p);
      long[] dims = new long[shape.length];
      for (int i = 0; i < shape.length; i++) {
        dims[i] = shape[i];
      }
      return tensor(dims, TensorLayouts.toChannelsLast(p, canonical));
    }

    TFloat32 scalar(double v) {
      TFloat32 t = TFloat32.scalarOf((float) v);
      open.add(t);
      return t;
    }

    TFloat32 tensor(long[] shape, float[] values) {
      TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
      open.add(t);
      return t;
    }

    @Override
    public void close() {
      open.forEach(Tensor::close);
    }
  }

  /** PyTorch: {@code running = (1 − m)·running + m·batch}, with the unbiased batch variance. */
  private void updateRunning(BatchStats s, float[] mean, float[] var) {
    float[] rm = tensors.get(s.path() + ".running_mean").clone();
    float[] rv = tensors.get(s.path() + ".running_var").clone();
    double m = s.momentum();
    for (int c = 0; c < rm.length; c++) {
      rm[c] = (float) ((1 - m) * rm[c] + m * mean[c]);
      rv[c] = (float) ((1 - m) * rv[c] + m * var[c]);
    }
    tensors.put(s.path() + ".running_mean", rm);
    tensors.put(s.path() + ".running_var", rv);
  }

  /** The fetched gradients from {@code from} on, one per trainable parameter, converted to the canonical layout. */
  private Map<String, float[]> canonicalByName(Result out, int from) {
    Map<String, float[]> grads = new LinkedHashMap<>();
    List<String> names = trainableNames();
    for (int i = 0; i < names.size(); i++) {
      grads.put(names.get(i), TensorLayouts.fromChannelsLast(specs.get(names.get(i)), floats(out.get(from + i))));
    }
    return grads;
  }

  private static float[] floats(Tensor t) {
    float[] out = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }
}
