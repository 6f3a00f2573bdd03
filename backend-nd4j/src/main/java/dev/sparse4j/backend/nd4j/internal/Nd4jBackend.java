package dev.sparse4j.backend.nd4j.internal;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseBackend;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import java.util.Map;
import java.util.Set;

/** The started ND4J backend; builds {@link SparseModel}s. Closing it closes the models it built. */
final class Nd4jBackend extends AbstractSparseBackend {
  Nd4jBackend(String id, Set<Capability> capabilities, Map<String, String> versions) {
    super(id, capabilities, versions);
  }

  @Override
  protected SparseModel newModel(ModelSpec spec, long seed, Runnable onClose) {
    return new Nd4jSparseModel(id(), capabilities(), spec, seed, onClose);
  }
}
