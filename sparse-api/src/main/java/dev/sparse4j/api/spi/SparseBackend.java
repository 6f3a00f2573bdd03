package dev.sparse4j.api.spi;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.model.ModelSpec;
import java.util.Map;
import java.util.Set;

/** One started engine; builds {@link SparseModel}s. Close it to release native resources. */
public interface SparseBackend extends AutoCloseable {

  /** The provider id this backend came from. */
  String id();

  /** What this backend can do. */
  Set<Capability> capabilities();

  /** Versions of the engine parts. */
  Map<String, String> versions();

  /**
   * Compiles {@code spec} and initialises its weights from {@code seed} (Kaiming-normal fan-out for convs,
   * PyTorch's default for linear layers, BN weight 1 and bias 0), deterministically for a given seed.
   */
  SparseModel build(ModelSpec spec, long seed);

  /**
   * Builds {@code spec} masked by {@code masks} holding kept entries only ({@link Capability#KEPT_ENTRIES}): the
   * kept weights get exactly the values {@link #build} would give them
   * ({@link dev.sparse4j.api.init.WeightInit#keptValues}), pruned ones are never created. The model's
   * {@link SparseModel#keptMasks()} and {@link SparseModel#keptState()} read it back; its bitmap and dense views
   * ({@link SparseModel#masks()}, {@link SparseModel#state()}) work only while every tensor fits a Java array.
   *
   * @param masks a mask for every prunable weight of {@code spec} (a layer kept whole has a full mask)
   * @throws UnsupportedCapabilityException without {@link Capability#KEPT_ENTRIES} (the default)
   */
  default SparseModel buildKept(ModelSpec spec, long seed, KeptMaskSet masks) {
    throw new UnsupportedCapabilityException(id(), Capability.KEPT_ENTRIES, Backends.idsWith(Capability.KEPT_ENTRIES));
  }

  /**
   * Throws {@link UnsupportedCapabilityException} unless this backend has {@code capability}.
   */
  default void require(Capability capability) {
    if (!capabilities().contains(capability)) {
      throw new UnsupportedCapabilityException(id(), capability, Backends.idsWith(capability));
    }
  }

  @Override
  void close();
}
