package dev.sparse4j.api.spi;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The engine-independent half of a {@link SparseBackend}: id, capabilities and versions, the closed-backend guard,
 * and the models it built, which {@link #close()} closes. A backend implements {@link #newModel} only (and
 * {@link #release()} if the engine holds resources of its own).
 */
public abstract class AbstractSparseBackend implements SparseBackend {
  private final String id;
  private final Set<Capability> capabilities;
  private final Map<String, String> versions;
  private final Set<SparseModel> open = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile boolean closed;

  /**
   * @param id the provider id
   * @param capabilities what the backend can do
   * @param versions versions of the engine parts (and settings such as the thread count)
   */
  protected AbstractSparseBackend(String id, Set<Capability> capabilities, Map<String, String> versions) {
    this.id = Objects.requireNonNull(id, "id");
    this.capabilities = Set.copyOf(capabilities);
    this.versions = Map.copyOf(versions);
  }

  /**
   * Compiles {@code spec} with weights from {@code seed}; the model must call {@code onClose} once when it is
   * closed (an {@link AbstractSparseModel} does so from its {@code release()}).
   */
  protected abstract SparseModel newModel(ModelSpec spec, long seed, Runnable onClose);

  /** Releases engine resources after the models are closed; nothing by default. */
  protected void release() {}

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public final Map<String, String> versions() {
    return versions;
  }

  @Override
  public final SparseModel build(ModelSpec spec, long seed) {
    Objects.requireNonNull(spec, "spec");
    return register(onClose -> newModel(spec, seed, onClose));
  }

  @Override
  public final SparseModel buildKept(ModelSpec spec, long seed, KeptMaskSet masks) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(masks, "masks");
    require(Capability.KEPT_ENTRIES);
    return register(onClose -> newKeptModel(spec, seed, masks, onClose));
  }

  /**
   * Builds a model holding kept entries only ({@link SparseBackend#buildKept}); called only when the backend
   * declares {@link Capability#KEPT_ENTRIES}.
   */
  protected SparseModel newKeptModel(ModelSpec spec, long seed, KeptMaskSet masks, Runnable onClose) {
    throw new UnsupportedCapabilityException(id, Capability.KEPT_ENTRIES, Backends.idsWith(Capability.KEPT_ENTRIES));
  }

  private SparseModel register(java.util.function.Function<Runnable, SparseModel> factory) {
    if (closed) {
      throw new IllegalStateException("backend " + id + " is closed; create a new one");
    }
    SparseModel[] self = new SparseModel[1];
    SparseModel model = factory.apply(() -> open.remove(self[0]));
    self[0] = model;
    open.add(model);
    return model;
  }

  @Override
  public final void close() {
    closed = true;
    List<SparseModel> models;
    synchronized (open) {
      models = new ArrayList<>(open);
    }
    models.forEach(SparseModel::close);
    release();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + id + ", " + versions + "]";
  }
}
