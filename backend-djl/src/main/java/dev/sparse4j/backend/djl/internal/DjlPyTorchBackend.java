package dev.sparse4j.backend.djl.internal;

import ai.djl.engine.Engine;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The started DJL-PyTorch engine; builds {@link SparseModel}s. Closing it closes the models it built. */
public final class DjlPyTorchBackend implements SparseBackend {
  private final String id;
  private final Engine engine;
  private final Set<Capability> capabilities;
  private final Map<String, String> versions;
  private final Set<DjlSparseModel> open = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile boolean closed;

  DjlPyTorchBackend(String id, Engine engine, Set<Capability> capabilities, Map<String, String> versions) {
    this.id = id;
    this.engine = engine;
    this.capabilities = Set.copyOf(capabilities);
    this.versions = Map.copyOf(versions);
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
    return versions;
  }

  @Override
  public SparseModel build(ModelSpec spec, long seed) {
    Objects.requireNonNull(spec, "spec");
    if (closed) {
      throw new IllegalStateException("backend " + id + " is closed; create a new one");
    }
    DjlSparseModel[] self = new DjlSparseModel[1];
    DjlSparseModel model = new DjlSparseModel(id, capabilities, engine, spec, seed, () -> open.remove(self[0]));
    self[0] = model;
    open.add(model);
    return model;
  }

  @Override
  public void close() {
    closed = true;
    List<DjlSparseModel> models;
    synchronized (open) {
      models = new ArrayList<>(open);
    }
    models.forEach(DjlSparseModel::close);
  }

  @Override
  public String toString() {
    return "DjlPyTorchBackend" + versions;
  }
}
