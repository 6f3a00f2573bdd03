package dev.sparse4j.cli;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.StepResult;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pure-Java backend for CLI tests: it trains nothing, but honours the SparseModel contract the CLI relies on
 * (named state with the spec's sizes, masks zeroing pruned weights, deterministic finite logits, the exact input
 * gradient of its logits, deterministic pseudo parameter gradients).
 */
final class FakeBackend implements SparseBackend {
  static final String ID = "fake";
  /** A fake with TRAIN only: no input or parameter gradients. */
  static final String BASIC_ID = "fake-basic";

  private final String id;
  private final Set<Capability> capabilities;
  private final String tag;

  FakeBackend(String id, Set<Capability> capabilities) {
    this(id, capabilities, null);
  }

  FakeBackend(String id, Set<Capability> capabilities, String tag) {
    this.id = id;
    this.capabilities = capabilities;
    this.tag = tag;
  }

  /** The provider, always available. */
  static final class Provider implements SparseBackendProvider {
    private final String id;
    private final Set<Capability> capabilities;

    /** {@code fake}: TRAIN, INPUT_GRADIENTS, PARAM_GRADIENTS. */
    Provider() {
      this(ID, EnumSet.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS));
    }

    Provider(String id, Set<Capability> capabilities) {
      this.id = id;
      this.capabilities = capabilities;
    }

    /** {@code fake-basic}: TRAIN only. */
    static Provider basic() {
      return new Provider(BASIC_ID, EnumSet.of(Capability.TRAIN));
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public int priority() {
      return 1;
    }

    @Override
    public Availability availability() {
      return Availability.available("pure Java test double");
    }

    @Override
    public Set<Capability> capabilities() {
      return capabilities;
    }

    @Override
    public Map<String, String> versions() {
      return Map.of("fake", "1.0");
    }

    @Override
    public SparseBackend create(BackendOptions options) {
      // Like a real backend: unknown option keys are refused, the known ones show in the versions.
      options.requireKnownKeys(id, java.util.Set.of("threads", "tag"));
      return new FakeBackend(id, capabilities, options.get("tag").orElse(null));
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Map<String, String> versions() {
    return tag == null ? Map.of("fake", "1.0") : Map.of("fake", "1.0", "tag", tag);
  }

  @Override
  public SparseModel build(ModelSpec spec, long seed) {
    return new Model(spec, seed, id, capabilities);
  }

  @Override
  public void close() {}

  /** Weights 0.01·(1 + (i + seed) % 7); logits = 10 × the mean of the c-th slice of the input. */
  static final class Model implements SparseModel {
    private final ModelSpec spec;
    private final String backendId;
    private final Set<Capability> capabilities;
    private final Map<String, float[]> state = new LinkedHashMap<>();
    private MaskSet masks = MaskSet.empty();
    private int steps;

    Model(ModelSpec spec, long seed, String backendId, Set<Capability> capabilities) {
      this.spec = spec;
      this.backendId = backendId;
      this.capabilities = capabilities;
      for (ParamSpec p : spec.stateTensors()) {
        float[] v = new float[p.numel()];
        for (int i = 0; i < v.length; i++) {
          v[i] = p.name().endsWith("running_var") ? 1f : 0.01f * (1 + (int) ((i + seed) % 7));
        }
        state.put(p.name(), v);
      }
    }

    @Override
    public ModelSpec spec() {
      return spec;
    }

    @Override
    public Set<Capability> capabilities() {
      return capabilities;
    }

    @Override
    public String backendId() {
      return backendId;
    }

    @Override
    public List<ParamSpec> parameters() {
      return spec.parameters();
    }

    @Override
    public float[] values(String name) {
      return state.get(name).clone();
    }

    @Override
    public Map<String, float[]> state() {
      Map<String, float[]> copy = new LinkedHashMap<>();
      state.forEach((k, v) -> copy.put(k, v.clone()));
      return copy;
    }

    @Override
    public void loadState(Map<String, float[]> s) {
      for (ParamSpec p : spec.stateTensors()) {
        float[] v = s.get(p.name());
        if (v == null || v.length != p.numel()) {
          throw new IllegalArgumentException("tensor " + p.name() + " is missing or has the wrong size");
        }
        state.put(p.name(), v.clone());
      }
      remask();
    }

    @Override
    public void applyMasks(MaskSet m) {
      masks = m;
      remask();
    }

    private void remask() {
      masks.asMap().forEach((name, mask) -> mask.apply(state.get(name)));
    }

    @Override
    public MaskSet masks() {
      return masks;
    }

    @Override
    public float[] logits(float[] inputs, int batchSize) {
      int per = inputs.length / batchSize;
      int k = spec.numClasses();
      float[] out = new float[batchSize * k];
      int slice = Math.max(1, per / k);
      for (int i = 0; i < batchSize; i++) {
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (int j = c * slice; j < Math.min(per, (c + 1) * slice); j++) {
            s += inputs[i * per + j];
          }
          out[i * k + c] = (float) (10 * s / slice + 0.1 * steps);
        }
      }
      return out;
    }

    @Override
    public void setOptimizer(OptimizerConfig config) {}

    @Override
    public StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
      steps++;
      state.values().forEach(v -> {
        for (int i = 0; i < v.length; i++) {
          v[i] *= 0.999f;
        }
      });
      remask();
      return new StepResult(2.3 / (1 + 0.1 * steps), batchSize / 2, batchSize);
    }

    @Override
    public Map<String, float[]> optimizerState() {
      return Map.of();
    }

    @Override
    public void loadOptimizerState(Map<String, float[]> s) {}

    private void require(Capability c) {
      if (!capabilities.contains(c)) {
        throw new UnsupportedCapabilityException(backendId, c, List.of(ID));
      }
    }

    /** ∂ CE(z/T, y) / ∂x: (softmax(z/T) − e_y)/T through z_c = 10·mean of slice c (+ a constant). */
    @Override
    public float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
      require(Capability.INPUT_GRADIENTS);
      int per = inputs.length / batchSize;
      int k = spec.numClasses();
      int slice = Math.max(1, per / k);
      float[] z = logits(inputs, batchSize);
      float[] g = new float[inputs.length];
      for (int i = 0; i < batchSize; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, z[i * k + c] / temperature);
        }
        double sum = 0;
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
          p[c] = Math.exp(z[i * k + c] / temperature - max);
          sum += p[c];
        }
        for (int c = 0; c < k; c++) {
          double dz = (p[c] / sum - (c == targets[i] ? 1 : 0)) / temperature;
          for (int j = c * slice; j < Math.min(per, (c + 1) * slice); j++) {
            g[i * per + j] = (float) (dz * 10 / slice);
          }
        }
      }
      return g;
    }

    /** Not a real gradient: a deterministic function of the position and the labels, enough to rank weights. */
    @Override
    public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode) {
      require(Capability.PARAM_GRADIENTS);
      long salt = 0;
      for (int y : labels) {
        salt = salt * 31 + y;
      }
      Map<String, float[]> out = new LinkedHashMap<>();
      for (ParamSpec p : spec.parameters()) {
        float[] g = new float[p.numel()];
        for (int i = 0; i < g.length; i++) {
          g[i] = (float) (((i * 2654435761L + salt + p.name().hashCode()) & 1023) / 1024.0 - 0.5);
        }
        out.put(p.name(), g);
      }
      return out;
    }

    @Override
    public void close() {}
  }
}
