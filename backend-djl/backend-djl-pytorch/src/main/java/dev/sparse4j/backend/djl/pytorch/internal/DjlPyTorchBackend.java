package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.engine.Engine;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseBackend;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import java.util.Map;
import java.util.Set;

/** The started DJL-PyTorch engine; builds {@link SparseModel}s. Closing it closes the models it built. */
public final class DjlPyTorchBackend extends AbstractSparseBackend {
  private final Engine engine;
  private final PtSettings settings;

  DjlPyTorchBackend(String id, Engine engine, Set<Capability> capabilities, Map<String, String> versions,
      PtSettings settings) {
    super(id, capabilities, versions);
    this.engine = engine;
    this.settings = settings;
  }

  @Override
  protected SparseModel newModel(ModelSpec spec, long seed, Runnable onClose) {
    return new DjlSparseModel(id(), capabilities(), engine, spec, seed, settings, onClose);
  }
}
