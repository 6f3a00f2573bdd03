package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lifecycle the backend contracts share: a fresh backend before every test, every model built through
 * {@link #build} and the backend closed after it, and skipping by declared capability.
 */
public abstract class BackendFixture {
  private SparseBackend backend;
  private final List<SparseModel> models = new ArrayList<>();

  /** Creates the backend under test; called before every test and closed after it. */
  protected abstract SparseBackend createBackend();

  /** Starts the backend of the next test. */
  @BeforeEach
  public final void startBackend() {
    backend = createBackend();
  }

  /** Closes every model built by the test, then the backend. */
  @AfterEach
  public final void closeBackend() {
    models.forEach(SparseModel::close);
    models.clear();
    if (backend != null) {
      backend.close();
    }
  }

  /** The backend of the running test. */
  protected final SparseBackend backend() {
    return backend;
  }

  /** Builds a model that is closed after the test. */
  protected final SparseModel build(ModelSpec spec, long seed) {
    SparseModel m = backend.build(spec, seed);
    models.add(m);
    return m;
  }

  /** Skips the running test (a JUnit assumption) unless the backend declares {@code capability}. */
  protected final void assumeCapability(Capability capability) {
    assumeTrue(backend.capabilities().contains(capability), () -> "backend " + backend.id() + " lacks " + capability);
  }
}
