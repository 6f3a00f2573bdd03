package dev.sparse4j.models;

import dev.sparse4j.api.Densities;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.AvgPool2d;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.LayerWalk;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.api.model.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Theoretical multiply–accumulate operations (MACs) per example of the conv and linear layers of a
 * {@link ModelSpec}, dense and sparse. This is the usual "FLOPs" figure of the pruning literature (one MAC counted
 * once): a conv layer costs {@code out · in · k² · H_out · W_out}, a linear layer {@code out · in}; batch norm,
 * activations, pooling, bias additions and the input normalisation are not counted.
 *
 * <p>A sparse layer costs its <em>kept</em> weights times the output positions each weight is used at
 * ({@code kept · H_out · W_out} for a conv, {@code kept} for a linear layer): the cost of a sparse kernel that skips
 * pruned weights. Training with a dense engine and masks does not save this compute.
 *
 * <pre>{@code
 * ModelSpec spec = Models.create("resnet20", ModelOptions.of(Models.parseShape("3x32x32"), 10));
 * long dense = Flops.dense(spec);                // 40,813,184 MACs
 * long sparse = Flops.sparse(spec, masks);       // kept weights only
 * }</pre>
 */
public final class Flops {
  private Flops() {}

  /**
   * The cost of one conv or linear layer.
   *
   * @param weight name of its weight tensor ({@code layer1.0.conv1.weight}), as in {@link ModelSpec#prunable()}
   * @param weights number of weights ({@code out · in · k²} or {@code out · in})
   * @param positions output positions each weight is used at per example ({@code H_out · W_out}; 1 for linear)
   */
  public record LayerMacs(String weight, long weights, long positions) {
    /** Dense MACs per example, {@code weights · positions}. */
    public long dense() {
      return weights * positions;
    }

    /** MACs per example when only {@code kept} of the weights remain. */
    public long sparse(long kept) {
      if (kept < 0 || kept > weights) {
        throw new IllegalArgumentException(
            "kept weights of " + weight + " must be in [0, " + weights + "], got " + kept);
      }
      return kept * positions;
    }
  }

  /**
   * Every conv and linear layer of {@code spec} in model order, with its output positions found by propagating the
   * input shape through the layers.
   */
  public static List<LayerMacs> layers(ModelSpec spec) {
    Objects.requireNonNull(spec, "spec");
    List<LayerMacs> out = new ArrayList<>();
    propagate(spec.root(), "", spec.inputShape(), out);
    return Collections.unmodifiableList(out);
  }

  /** Dense MACs per example of every conv and linear layer. */
  public static long dense(ModelSpec spec) {
    long total = 0;
    for (LayerMacs l : layers(spec)) {
      total += l.dense();
    }
    return total;
  }

  /**
   * MACs per example with the kept weights of {@code masks}; unmasked layers count dense.
   *
   * @throws IllegalArgumentException if a mask names no conv or linear weight of the model or has another size
   */
  public static long sparse(ModelSpec spec, MaskSet masks) {
    Objects.requireNonNull(masks, "masks");
    Map<String, LayerMacs> byName = byName(spec);
    for (String name : masks.names()) {
      LayerMacs l = byName.get(name);
      if (l == null) {
        throw new IllegalArgumentException("mask " + name + " names no conv or linear weight of model " + spec.name()
            + "; its layers are " + byName.keySet());
      }
      Mask m = masks.get(name);
      if (m.numel() != l.weights()) {
        throw new IllegalArgumentException("mask " + name + " has " + m.numel() + " positions but the weight has "
            + l.weights());
      }
    }
    return sparse(spec, (MaskCounts) masks);
  }

  /**
   * MACs per example with the kept counts of {@code masks} (bitmaps or kept entries); unmasked layers count dense.
   *
   * @throws IllegalArgumentException if a mask names no conv or linear weight of the model
   */
  public static long sparse(ModelSpec spec, MaskCounts masks) {
    Objects.requireNonNull(masks, "masks");
    Map<String, LayerMacs> byName = byName(spec);
    long total = 0;
    int found = 0;
    for (LayerMacs l : byName.values()) {
      if (masks.contains(l.weight())) {
        found++;
        total += l.sparse(masks.kept(l.weight()));
      } else {
        total += l.dense();
      }
    }
    if (found != masks.size()) {
      throw new IllegalArgumentException("a mask names no conv or linear weight of model " + spec.name()
          + "; its layers are " + byName.keySet());
    }
    return total;
  }

  /**
   * MACs per example with the kept counts {@code round(d·n)} of {@code plan}; unplanned layers count dense.
   *
   * @throws IllegalArgumentException if the plan names no conv or linear weight of the model
   */
  public static long sparse(ModelSpec spec, DensityPlan plan) {
    Objects.requireNonNull(plan, "plan");
    Map<String, LayerMacs> byName = byName(spec);
    Map<String, Long> kept = new LinkedHashMap<>();
    for (LayerDensity d : plan.layers()) {
      LayerMacs l = byName.get(d.name());
      if (l == null) {
        throw new IllegalArgumentException("the plan names " + d.name() + ", which is no conv or linear weight of "
            + "model " + spec.name() + "; its layers are " + byName.keySet());
      }
      if (d.param().size() != l.weights()) {
        throw new IllegalArgumentException("the plan's " + d.name() + " has " + d.param().size()
            + " weights but the model's has " + l.weights());
      }
      kept.put(d.name(), (long) d.keptCount());
    }
    long total = 0;
    for (LayerMacs l : byName.values()) {
      Long k = kept.get(l.weight());
      total += k == null ? l.dense() : l.sparse(k);
    }
    return total;
  }

  /**
   * MACs per example with fractional per-layer densities ({@code Σ d_l · dense_l}); layers not in the map count
   * dense.
   *
   * @throws IllegalArgumentException for a density outside [0, 1] or a name that is no conv or linear weight
   */
  public static double sparse(ModelSpec spec, Map<String, Double> densities) {
    Objects.requireNonNull(densities, "densities");
    Map<String, LayerMacs> byName = byName(spec);
    densities.forEach((name, d) -> {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException(name + " is no conv or linear weight of model " + spec.name()
            + "; its layers are " + byName.keySet());
      }
      if (d == null) {
        throw new IllegalArgumentException("density of " + name + " must be in [0, 1], got null");
      }
      Densities.checkFraction("density of " + name, d);
    });
    double total = 0;
    for (LayerMacs l : byName.values()) {
      total += densities.getOrDefault(l.weight(), 1.0) * l.dense();
    }
    return total;
  }

  private static Map<String, LayerMacs> byName(ModelSpec spec) {
    Map<String, LayerMacs> m = new LinkedHashMap<>();
    for (LayerMacs l : layers(spec)) {
      m.put(l.weight(), l);
    }
    return m;
  }

  /** Output shape of {@code layer} for input {@code in}, recording conv and linear costs on the way. */
  private static int[] propagate(Layer layer, String prefix, int[] in, List<LayerMacs> out) {
    // Recorded in ModelSpec's parameter order (pre, body, shortcut, post), the order LayerWalk visits.
    return LayerWalk.forward(layer, prefix, in, (l, path, x) -> leaf(l, path, x, out), (block, path, body, skip) -> body);
  }

  private static int[] leaf(Layer layer, String path, int[] in, List<LayerMacs> out) {
    if (layer instanceof Conv2d c) {
      int h = spatial(in[1], c.kernelSize(), c.stride(), c.padding());
      int w = spatial(in[2], c.kernelSize(), c.stride(), c.padding());
      long weights = (long) c.outChannels() * c.inChannels() * c.kernelSize() * c.kernelSize();
      out.add(new LayerMacs(path + ".weight", weights, (long) h * w));
      return new int[] {c.outChannels(), h, w};
    }
    if (layer instanceof Linear l) {
      out.add(new LayerMacs(path + ".weight", (long) l.outFeatures() * l.inFeatures(), 1));
      return new int[] {l.outFeatures()};
    }
    if (layer instanceof MaxPool2d p) {
      return new int[] {in[0], spatial(in[1], p.kernelSize(), p.stride(), p.padding()),
          spatial(in[2], p.kernelSize(), p.stride(), p.padding())};
    }
    if (layer instanceof AvgPool2d p) {
      return new int[] {in[0], spatial(in[1], p.kernelSize(), p.stride(), p.padding()),
          spatial(in[2], p.kernelSize(), p.stride(), p.padding())};
    }
    if (layer instanceof GlobalAvgPool2d) {
      return new int[] {in[0]};
    }
    if (layer instanceof Flatten) {
      return new int[] {Arrays.stream(in).reduce(1, (a, b) -> a * b)};
    }
    if (layer instanceof BatchNorm2d) {
      return in;
    }
    // Relu, Dropout, Normalize: shape-preserving (the spec was validated when it was built).
    return in;
  }

  private static int spatial(int size, int k, int s, int p) {
    return Math.floorDiv(size + 2 * p - k, s) + 1;
  }
}
