package dev.sparse4j.backend.djl.pytorch;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.AbstractBackendProvider;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.backend.djl.pytorch.internal.DjlPyTorchRuntime;
import dev.sparse4j.backend.djl.pytorch.internal.NativeProbe;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code djl-pytorch}: PyTorch 2.7.1 through DJL 0.36.0, on the CPU.
 *
 * <p>Constructing it and asking for its id, availability or capabilities loads no native library and touches no
 * DJL class; {@link #create(BackendOptions)} starts the engine. {@code create} sets the system properties
 * {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} when they are absent, so DJL never downloads
 * anything or sends telemetry; the natives come from {@code ai.djl.pytorch:pytorch-native-cpu} on the class path and
 * are extracted once to {@code ~/.djl.ai/pytorch} (or {@code DJL_CACHE_DIR}).
 *
 * <p>Options: {@code threads} — PyTorch intra-op threads (default: system property
 * {@code ai.djl.pytorch.num_threads}, else the number of available processors; process-wide); {@code device} —
 * only {@code cpu}; {@code memory-format} — {@code channels-last} (default: image batches enter NHWC, so PyTorch runs
 * the network channels-last and oneDNN's convolutions skip their layout reorders) or {@code contiguous} (NCHW);
 * without the option, system property {@code sparse4j.djl-pytorch.memory-format}; {@code precision} —
 * {@code float32} (default) or {@code float64} (reference computations). Any other key is an error. A strided 1×1
 * convolution runs as a subsample and a stride-1 convolution (oneDNN's AVX2 kernel for it is wrong; system property
 * {@code sparse4j.djl.strided-1x1=native} turns that off for diagnosis).
 */
public final class DjlPyTorchProvider extends AbstractBackendProvider {
  /** This provider's id. */
  public static final String ID = "djl-pytorch";
  /** Maven coordinates of the module that holds it. */
  public static final String COORDINATES = Versions.coordinates("backend-djl-pytorch");
  private static final Set<Capability> CAPABILITIES =
      Set.copyOf(EnumSet.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS,
          Capability.DOUBLE_BACKWARD));

  /** A cheap descriptor; used by {@link java.util.ServiceLoader}. Priority 100: the default. */
  public DjlPyTorchProvider() {
    super(ID, 100, CAPABILITIES, COORDINATES);
  }

  @Override
  public Availability availability() {
    return NativeProbe.probe(loader());
  }

  @Override
  public Map<String, String> versions() {
    return NativeProbe.versions(loader());
  }

  @Override
  protected SparseBackend start(BackendOptions options) {
    return DjlPyTorchRuntime.create(ID, options, availability(), CAPABILITIES);
  }
}
