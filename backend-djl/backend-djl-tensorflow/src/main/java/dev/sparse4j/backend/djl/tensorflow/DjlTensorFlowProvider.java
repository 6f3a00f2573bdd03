package dev.sparse4j.backend.djl.tensorflow;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.AbstractBackendProvider;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.backend.djl.tensorflow.internal.TfRuntime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code djl-tensorflow}: TensorFlow 2.16 on the CPU through the TF-Java graph API that DJL's
 * {@code ai.djl.tensorflow:tensorflow-api:0.36.0} bundles (the API DJL's TensorFlow engine runs on; DJL's own engine
 * cannot train). The natives come from {@code org.tensorflow:tensorflow-core-native:1.0.0-rc.1:linux-x86_64} on the
 * class path; JavaCPP unpacks them once to {@code ~/.javacpp/cache}; nothing is downloaded.
 *
 * <p>Capabilities: TRAIN, INPUT_GRADIENTS, PARAM_GRADIENTS (no double backward). Options: {@code threads} —
 * TensorFlow intra-op threads per model (default: the number of processors); {@code device} — only {@code cpu}.
 */
public final class DjlTensorFlowProvider extends AbstractBackendProvider {
  /** This provider's id. */
  public static final String ID = "djl-tensorflow";
  /** The Maven coordinates of the artifact that holds this provider. */
  public static final String COORDINATES = Versions.coordinates("backend-djl-tensorflow");
  private static final Set<Capability> CAPABILITIES =
      Set.copyOf(EnumSet.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS));

  /**
   * A cheap descriptor; used by {@link java.util.ServiceLoader}. Priority 40, below djl-pytorch (100) and nd4j (50):
   * chosen when asked for.
   */
  public DjlTensorFlowProvider() {
    super(ID, 40, CAPABILITIES, COORDINATES);
  }

  @Override
  public Availability availability() {
    return TfRuntime.probe(loader());
  }

  @Override
  public Map<String, String> versions() {
    return Map.of("djl", "0.36.0", "tf-java", TfRuntime.TF_JAVA_VERSION);
  }

  @Override
  protected SparseBackend start(BackendOptions options) {
    return TfRuntime.create(ID, options, availability(), CAPABILITIES);
  }
}
