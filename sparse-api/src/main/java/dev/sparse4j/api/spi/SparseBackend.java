package dev.sparse4j.api.spi;

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
