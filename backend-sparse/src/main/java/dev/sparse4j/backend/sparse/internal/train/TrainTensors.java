package dev.sparse4j.backend.sparse.internal.train;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a {@code sparse-cpu} model: every convolution and linear weight as its kept entries (all entries
 * until a mask prunes some), everything else dense; with each the optimizer slots of the same length. Tensors cross
 * the SPI boundary dense and canonical ({@link #read}, {@link #write}); inside they stay compressed.
 */
public final class TrainTensors {
  private final Map<String, ParamTensor> tensors = new LinkedHashMap<>();

  /** The tensors of {@code spec} with the values of {@code initial} (canonical, dense). */
  public TrainTensors(ModelSpec spec, Map<String, float[]> initial) {
    for (ParamSpec p : spec.stateTensors()) {
      float[] v = initial.get(p.name()).clone();
      tensors.put(p.name(), p.kind() == ParamKind.WEIGHT && p.rank() >= 2 ? new ParamTensor(p.name(), v, p.dim(0))
          : new ParamTensor(p.name(), v));
    }
  }

  /**
   * The tensors of {@code spec} initialised from {@code seed} holding kept entries only: every prunable weight with
   * the entries of its mask in {@code masks} (required for tensors too large to be dense; a weight without a mask
   * keeps every entry), values from {@link WeightInit#keptValues}, the same numbers {@link WeightInit#initialState}
   * gives those positions; other tensors dense.
   *
   * @throws IllegalArgumentException if a mask names an unknown tensor or has another shape, or a weight too large
   *     to be dense has no mask
   */
  public TrainTensors(ModelSpec spec, long seed, KeptMaskSet masks) {
    checkMasks(spec, masks);
    for (ParamSpec p : spec.stateTensors()) {
      if (p.prunable()) {
        KeptMask m = masks.contains(p.name()) ? masks.get(p.name()) : null;
        if (m == null && !p.fitsDense()) {
          throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "weight %s (%s, %,d positions) is"
              + " too large to keep whole; give it a mask", p.name(), p.shapeString(), p.size()));
        }
        KeptMask kept = m != null ? m : KeptMask.dense(p.shape());
        tensors.put(p.name(), new ParamTensor(p.name(), KeptIndex.of(kept),
            WeightInit.keptValues(spec, p.name(), seed, kept)));
      } else {
        tensors.put(p.name(), new ParamTensor(p.name(), WeightInit.values(spec, p.name(), seed)));
      }
    }
  }

  /**
   * Moves weights to the entries of kept-entry masks without a dense copy: values and optimizer state of entries kept
   * before and after are carried over, newly kept entries start at 0 (weights without a mask are left as they are).
   *
   * @throws IllegalArgumentException if a mask names an unknown tensor or has another shape
   */
  public void retarget(ModelSpec spec, KeptMaskSet masks) {
    checkMasks(spec, masks);
    masks.asMap().forEach((name, m) -> get(name).retarget(KeptIndex.of(m)));
  }

  /** Every mask names a prunable weight of {@code spec} and has its shape. */
  private static void checkMasks(ModelSpec spec, KeptMaskSet masks) {
    Map<String, ParamSpec> prunable = new LinkedHashMap<>();
    spec.prunable().forEach(p -> prunable.put(p.name(), p));
    masks.asMap().forEach((name, m) -> {
      ParamSpec p = prunable.get(name);
      if (p == null) {
        throw new IllegalArgumentException("a kept mask names " + name + ", which is not a prunable weight of model "
            + spec.name() + "; prunable: " + List.copyOf(prunable.keySet()));
      }
      if (!java.util.Arrays.equals(m.shape(), p.shape())) {
        throw new IllegalArgumentException("the kept mask of " + name + " has shape "
            + ParamSpec.shapeString(m.shape()) + " but the weight has " + p.shapeString());
      }
    });
  }

  /** The kept entries of every prunable weight, as masks of the weights' shapes. */
  public KeptMaskSet keptMasks(List<ParamSpec> prunable) {
    Map<String, KeptMask> out = new LinkedHashMap<>();
    for (ParamSpec p : prunable) {
      out.put(p.name(), get(p.name()).index().toKeptMask(p.shape()));
    }
    return KeptMaskSet.of(out);
  }

  /** Copies of the values: kept entries for weights, dense for the rest, in the given order. */
  public Map<String, float[]> readKept(Collection<String> names) {
    Map<String, float[]> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, get(n).values().clone()));
    return out;
  }

  /**
   * Overwrites tensors from their kept values (weights) or whole values (the rest), as {@link #readKept} gives them.
   *
   * @throws IllegalArgumentException naming a tensor whose value count is not its kept count
   */
  public void writeKept(Map<String, float[]> values) {
    values.forEach((n, v) -> {
      ParamTensor p = get(n);
      if (v.length != p.values().length) {
        throw new IllegalArgumentException("tensor " + n + " holds " + p.values().length + " kept values, got "
            + v.length + "; the kept state belongs to other masks");
      }
    });
    values.forEach((n, v) -> get(n).setKept(v.clone()));
  }

  ParamTensor get(String name) {
    ParamTensor p = tensors.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no tensor " + name);
    }
    return p;
  }

  /** Dense canonical copies of the named tensors, in the given order. */
  public Map<String, float[]> read(Collection<String> names) {
    Map<String, float[]> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, get(n).dense()));
    return out;
  }

  /** Overwrites tensors from dense canonical values (a weight keeps only its kept entries). */
  public void write(Map<String, float[]> values) {
    values.forEach((n, v) -> get(n).setDense(v));
  }

  /**
   * Installs masks: each masked weight moves to the entries its mask keeps, every other weight to all entries.
   * Values and optimizer state of entries kept before and after are carried over.
   */
  public void installMasks(Map<String, Mask> active) {
    for (ParamTensor p : tensors.values()) {
      KeptIndex idx = p.index();
      if (idx == null) {
        continue;
      }
      Mask m = active.get(p.name());
      if (m == null && idx.isFull()) {
        continue;
      }
      p.retarget(m == null ? KeptIndex.full(idx.rows(), idx.rowLength()) : KeptIndex.of(m, idx.rows(),
          idx.rowLength()));
    }
  }

  /** Zero optimizer slots for the given canonical entries ({@code <param><suffix>} → its parameter). */
  public void resetOptimizer(Map<String, ParamSpec> entries) {
    Map<String, List<String>> suffixes = new LinkedHashMap<>();
    tensors.keySet().forEach(n -> suffixes.put(n, new ArrayList<>()));
    entries.forEach((entry, p) -> suffixes.get(p.name()).add(entry.substring(p.name().length())));
    suffixes.forEach((n, s) -> get(n).resetSlots(s));
  }

  /** Dense canonical copies of optimizer entries ({@code <param><suffix>}). */
  public Map<String, float[]> readOptimizer(Collection<String> entries, Map<String, ParamSpec> owners) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String e : entries) {
      String param = owners.get(e).name();
      out.put(e, get(param).denseSlot(e.substring(param.length())));
    }
    return out;
  }

  /** Copies of optimizer entries as held: kept-length for weights, whole for the rest. */
  public Map<String, float[]> readOptimizerKept(Collection<String> entries, Map<String, ParamSpec> owners) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String e : entries) {
      String param = owners.get(e).name();
      out.put(e, get(param).slot(e.substring(param.length())).clone());
    }
    return out;
  }

  /** Overwrites optimizer entries from the form {@link #readOptimizerKept} gives (lengths checked by the caller). */
  public void writeOptimizerKept(Map<String, float[]> values, Map<String, ParamSpec> owners) {
    values.forEach((e, v) -> {
      String param = owners.get(e).name();
      get(param).setSlot(e.substring(param.length()), v.clone());
    });
  }

  /** Overwrites optimizer entries from dense canonical values. */
  public void writeOptimizer(Map<String, float[]> values, Map<String, ParamSpec> owners) {
    values.forEach((e, v) -> {
      String param = owners.get(e).name();
      get(param).setDenseSlot(e.substring(param.length()), v);
    });
  }

  /** Kept weight entries of the whole model (every entry of unmasked weights). */
  public long keptWeights() {
    long n = 0;
    for (ParamTensor p : tensors.values()) {
      if (p.index() != null) {
        n += p.index().kept();
      }
    }
    return n;
  }

  Collection<ParamTensor> all() {
    return tensors.values();
  }
}
