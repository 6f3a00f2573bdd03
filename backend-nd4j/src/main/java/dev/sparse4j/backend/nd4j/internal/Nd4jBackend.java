package dev.sparse4j.backend.nd4j.internal;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The started ND4J backend: builds models and closes the ones still open when it closes. */
final class Nd4jBackend implements SparseBackend {
  private final String id;
  private final Set<Capability> capabilities;
  private final Map<String, String> versions;
  private final Set<Nd4jSparseModel> open = Collections.newSetFromMap(Collections.synchronizedMap(
      new IdentityHashMap<>()));
  private volatile boolean closed;

  Nd4jBackend(String id, Set<Capability> capabilities, Map<String, String> versions) {
    this.id = id;
    this.capabilities = capabilities;
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
    Nd4jSparseModel[] self = new Nd4jSparseModel[1];
    Nd4jSparseModel model = new Nd4jSparseModel(id, capabilities, spec, seed, () -> open.remove(self[0]));
    self[0] = model;
    open.add(model);
    return model;
  }

  @Override
  public void close() {
    closed = true;
    List<Nd4jSparseModel> models;
    synchronized (open) {
      models = new ArrayList<>(open);
    }
    models.forEach(Nd4jSparseModel::close);
  }

  @Override
  public String toString() {
    return "Nd4jBackend[" + id + ", " + versions + "]";
  }
}
