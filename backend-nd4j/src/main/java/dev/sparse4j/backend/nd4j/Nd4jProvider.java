package dev.sparse4j.backend.nd4j;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.AbstractBackendProvider;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.backend.nd4j.internal.Nd4jProbe;
import dev.sparse4j.backend.nd4j.internal.Nd4jRuntime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code nd4j}: ND4J/SameDiff 1.0.0-M2.1 on the CPU, fp32, with the oneDNN natives by default.
 *
 * <p>Constructing it and asking for its id, availability or capabilities loads no native library;
 * {@link #create(BackendOptions)} starts ND4J (JavaCPP unpacks the natives once to {@code ~/.javacpp/cache}).
 * Options: {@code threads} — ND4J's OpenMP and master threads (default: the number of available processors;
 * process-wide); {@code device} — only {@code cpu}. Any other key is an error.
 *
 * <p>Capabilities: TRAIN, INPUT_GRADIENTS, PARAM_GRADIENTS. No DOUBLE_BACKWARD: SameDiff 1.0.0-M2.1 cannot
 * differentiate a gradient, so GraSP uses the finite-difference Hessian-vector product.
 */
public final class Nd4jProvider extends AbstractBackendProvider {
  /** This provider's id. */
  public static final String ID = "nd4j";
  /** Maven coordinates of the module that holds it. */
  public static final String COORDINATES = Versions.coordinates("backend-nd4j");
  private static final Set<Capability> CAPABILITIES =
      Set.copyOf(EnumSet.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS));

  /**
   * A cheap descriptor; used by {@link java.util.ServiceLoader}. Priority 50, below djl-pytorch (100): chosen only
   * when asked for, or when it is the only backend.
   */
  public Nd4jProvider() {
    super(ID, 50, CAPABILITIES, COORDINATES);
  }

  @Override
  public Availability availability() {
    return Nd4jProbe.probe(loader());
  }

  @Override
  public Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("nd4j", Nd4jProbe.ND4J_VERSION);
    String natives = Nd4jProbe.nativeClassifier(loader());
    v.put("natives", natives == null ? "missing" : natives);
    return v;
  }

  @Override
  protected SparseBackend start(BackendOptions options) {
    return Nd4jRuntime.create(ID, options, availability(), CAPABILITIES);
  }
}
