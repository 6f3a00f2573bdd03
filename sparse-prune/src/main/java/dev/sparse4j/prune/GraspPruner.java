package dev.sparse4j.prune;

import dev.sparse4j.api.spi.GradientView;
import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.Options;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code grasp} (Wang et al., 2020, "Picking Winning Tickets Before Training by Preserving Gradient Flow"): the
 * GraSP score of a weight is {@code S = −w ⊙ (H g)}, with {@code g = Σ_b ∂L_b/∂w} the gradient of the mean
 * cross-entropy of {@code logits / temperature} (temperature 200 as in the paper) summed over {@code batches} seeded
 * training batches, and {@code H} the Hessian of the same loss with respect to the planned weights. The weights with
 * the <b>largest</b> {@code S} are removed: the kept ones are those with the smallest {@code S}, i.e. the largest
 * {@code w ⊙ (H g)}, which is what {@link #scores} returns. Batch-norm is in training mode; its running statistics are
 * left alone.
 *
 * <p><b>Hessian-gradient product</b> (option {@code hessian}):
 * <ul>
 *   <li>{@code exact}: a double backward, {@link SparseModel#hessianVectorProduct} (backends with
 *       {@link dev.sparse4j.api.spi.Capability#DOUBLE_BACKWARD}, e.g. {@code djl-pytorch}); this is what the paper's
 *       code computes.</li>
 *   <li>{@code forward}: a finite difference of two gradients along {@code ĝ = g / |g|} (docs/pruners.md),
 *       {@code H g ≈ (∇L(w + δ·ĝ) − ∇L(w)) / δ · |g|}; {@code central}:
 *       {@code (∇L(w + δ·ĝ) − ∇L(w − δ·ĝ)) / (2δ) · |g|} (one more gradient pass, second-order accurate). The step is relative to the weights:
 *       {@code δ = fd-step · |w|} ({@code |·|} the L2 norm over the planned layers). Only the planned weights are
 *       perturbed, and the model's state is restored exactly afterwards (also when scoring fails). On ReLU networks a
 *       finite difference also sees the ReLU kinks, which a double backward treats as flat, and does not converge to
 *       the exact product as the step shrinks: on ResNet-20 at density 0.1 a finite-difference mask shared only 25–40%
 *       of its kept weights with the exact one (for every {@code fd-step} from 1e-5 to 1e-1), while two exact masks
 *       from different batches shared about 70%. Use it only where no double backward exists; on smooth networks
 *       (no ReLU or max-pool) it agrees with the exact product.</li>
 *   <li>{@code auto} (default): {@code exact} when the model implements it, else {@code forward}; the choice is
 *       logged.</li>
 * </ul>
 *
 * <p>Options: {@code batches} (default 1), {@code batch-size} (default 128), {@code temperature} (default 200),
 * {@code hessian=auto|exact|forward|central} (default auto), {@code fd-step} (default 1e-3), {@code layer-wise},
 * {@code collapse} (see {@link ScorePruner}).
 *
 * @param layerWise whether each layer keeps its planned count
 * @param collapse what happens to a layer that would keep no weight
 * @param batches number of batches the gradient is summed over, ≥ 1
 * @param batchSize examples per batch, ≥ 1 (capped at the data size)
 * @param temperature softmax temperature of the loss, &gt; 0
 * @param fdStep finite-difference step relative to the weight norm, &gt; 0
 * @param hessian how the Hessian-gradient product is computed
 */
public record GraspPruner(boolean layerWise, Collapse collapse, int batches, int batchSize, double temperature,
    double fdStep, Hessian hessian) implements ScorePruner {
  /** The registry name. */
  public static final String NAME = "grasp";

  private static final Logger LOG = LoggerFactory.getLogger(GraspPruner.class);

  /** How the Hessian-gradient product is computed. */
  public enum Hessian {
    /** {@code exact} when the model has a double backward, else {@code forward}. */
    AUTO,
    /** A double backward ({@link SparseModel#hessianVectorProduct}). */
    EXACT,
    /** A forward finite difference of two gradients. */
    FORWARD,
    /** A central finite difference of two gradients. */
    CENTRAL;

  }

  /** Checks the settings. */
  public GraspPruner {
    Objects.requireNonNull(collapse, "collapse");
    Objects.requireNonNull(hessian, "hessian");
    if (batches < 1 || batchSize < 1) {
      throw new IllegalArgumentException("pruner '" + NAME + "' needs batches ≥ 1 and batch-size ≥ 1, got "
          + batches + " and " + batchSize);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature) || !(fdStep > 0) || Double.isInfinite(fdStep)) {
      throw new IllegalArgumentException("pruner '" + NAME + "' needs a finite temperature > 0 and fd-step > 0, got "
          + temperature + " and " + fdStep);
    }
  }

  /** The paper's settings: global, temperature 200, one batch of 128; exact Hessian product when available. */
  public GraspPruner() {
    this(false, Collapse.GUARD, 1, 128, 200.0, 1e-3, Hessian.AUTO);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Gradients of the model's parameters ({@link Capability#PARAM_GRADIENTS}). */
  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public String description() {
    return "removes the largest −w⊙Hg on training batches (batches, batch-size, temperature, hessian, fd-step, "
        + "layer-wise, collapse)";
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = new SelectionOptions(layerWise, collapse).config();
    m.put("batches", Integer.toString(batches));
    m.put("batch-size", Integer.toString(batchSize));
    m.put("temperature", Double.toString(temperature));
    m.put("hessian", Options.optionValue(hessian));
    m.put("fd-step", Double.toString(fdStep));
    return m;
  }

  @Override
  public GraspPruner configure(Map<String, String> options) {
    Options o = Options.read("pruner '" + NAME + "'", options,
        SelectionOptions.keysWith("batches", "batch-size", "temperature", "hessian", "fd-step"));
    SelectionOptions s = new SelectionOptions(layerWise, collapse).apply(o);
    return new GraspPruner(s.layerWise(), s.collapse(), o.wholeNumber("batches", 1, batches),
        o.wholeNumber("batch-size", 1, batchSize), o.positive("temperature", temperature),
        o.positive("fd-step", fdStep), o.choice("hessian", Hessian.class, hessian));
  }

  /** {@code w ⊙ (H g)} per position: larger is kept first (it is minus the GraSP score). */
  @Override
  public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
    SparseModel m = ScoringSupport.requireSparseModel(NAME, model, "computes gradients and Hessian-gradient products"
        + " of the training loss");
    Dataset data = ScoringSupport.requireData(NAME, context, m);
    List<GradientView.Batch> data0 = ScoringSupport.batches(data, batches, batchSize, context.seed());
    Map<String, double[]> g = gradient(m, layers, data0);
    double gNorm = ScoringSupport.norm(g.values());
    if (!(gNorm > 0) || Double.isInfinite(gNorm)) {
      throw new IllegalStateException("pruner '" + NAME + "': the loss gradient has norm " + gNorm + " at "
          + "temperature " + temperature + ", so there is no direction for the Hessian-gradient product; check the "
          + "data and labels");
    }
    Map<String, double[]> hg = null;
    if (hessian == Hessian.AUTO || hessian == Hessian.EXACT) {
      try {
        hg = exact(m, layers, g, data0);
        LOG.info("grasp: Hessian-gradient product by double backward (exact) on backend '{}'", m.backendId());
      } catch (UnsupportedCapabilityException e) {
        if (hessian == Hessian.EXACT) {
          throw e;
        }
        LOG.info("grasp: backend '{}' has no double backward; Hessian-gradient product by a forward finite "
            + "difference (fd-step {})", m.backendId(), fdStep);
      }
    }
    if (hg == null) {
      hg = finiteDifference(m, layers, g, gNorm, data0, hessian == Hessian.CENTRAL);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamSpec p : layers) {
      float[] w = m.values(p.name());
      double[] h = hg.get(p.name());
      float[] s = new float[w.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) (w[i] * h[i]);
      }
      out.put(p.name(), s);
    }
    return out;
  }

  /** Σ_b H_b g by double backward. */
  private Map<String, double[]> exact(SparseModel m, List<ParamSpec> layers, Map<String, double[]> g,
      List<GradientView.Batch> data) {
    Map<String, float[]> vector = new LinkedHashMap<>();
    g.forEach((name, v) -> {
      float[] f = new float[v.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) v[i];
      }
      vector.put(name, f);
    });
    Map<String, double[]> out = new LinkedHashMap<>();
    for (ParamSpec p : layers) {
      out.put(p.name(), new double[p.numel()]);
    }
    for (GradientView.Batch b : data) {
      Map<String, float[]> hv = m.hessianVectorProduct(b.inputs(), b.labels(), b.size(), true, temperature, vector);
      out.forEach((name, acc) -> {
        float[] x = hv.get(name);
        for (int i = 0; i < acc.length; i++) {
          acc[i] += x[i];
        }
      });
    }
    return out;
  }

  /** H g by a finite difference of gradients along ĝ; the state is restored exactly. */
  private Map<String, double[]> finiteDifference(SparseModel m, List<ParamSpec> layers, Map<String, double[]> g,
      double gNorm, List<GradientView.Batch> data, boolean central) {
    Map<String, float[]> saved = m.state();
    try {
      double wNorm = 0;
      for (ParamSpec p : layers) {
        for (float v : saved.get(p.name())) {
          wNorm += (double) v * v;
        }
      }
      wNorm = Math.sqrt(wNorm);
      double delta = fdStep * (wNorm > 0 ? wNorm : 1.0);
      LOG.debug("grasp: |g| = {}, |w| = {}, {} difference with step δ = {}", gNorm, wNorm,
          central ? "central" : "forward", delta);
      Map<String, double[]> plus = gradientAt(m, saved, layers, g, delta / gNorm, data);
      Map<String, double[]> minus = central ? gradientAt(m, saved, layers, g, -delta / gNorm, data) : g;
      double factor = gNorm / (central ? 2 * delta : delta);
      Map<String, double[]> out = new LinkedHashMap<>();
      for (ParamSpec p : layers) {
        double[] a = plus.get(p.name());
        double[] b = minus.get(p.name());
        double[] h = new double[a.length];
        for (int i = 0; i < h.length; i++) {
          h[i] = (a[i] - b[i]) * factor;
        }
        out.put(p.name(), h);
      }
      return out;
    } finally {
      m.loadState(saved);
    }
  }

  /** The gradient at the weights {@code saved + step·g} (planned layers only). */
  private Map<String, double[]> gradientAt(SparseModel m, Map<String, float[]> saved, List<ParamSpec> layers,
      Map<String, double[]> g, double step, List<GradientView.Batch> data) {
    Map<String, float[]> moved = new LinkedHashMap<>(saved);
    for (ParamSpec p : layers) {
      float[] w = saved.get(p.name());
      double[] d = g.get(p.name());
      float[] v = new float[w.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (w[i] + step * d[i]);
      }
      moved.put(p.name(), v);
    }
    m.loadState(moved);
    return gradient(m, layers, data);
  }

  private Map<String, double[]> gradient(SparseModel m, List<ParamSpec> layers, List<GradientView.Batch> data) {
    Map<String, double[]> g = new LinkedHashMap<>();
    for (ParamSpec p : layers) {
      g.put(p.name(), new double[p.numel()]);
    }
    for (GradientView.Batch b : data) {
      Map<String, float[]> grads = m.parameterGradients(b.inputs(), b.labels(), b.size(), true, temperature);
      g.forEach((name, acc) -> {
        float[] gb = grads.get(name);
        for (int i = 0; i < acc.length; i++) {
          acc[i] += gb[i];
        }
      });
    }
    return g;
  }
}
