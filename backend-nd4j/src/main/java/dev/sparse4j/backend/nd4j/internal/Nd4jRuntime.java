package dev.sparse4j.backend.nd4j.internal;

import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts ND4J (once per JVM: fp32 defaults, thread count) and makes backends. */
public final class Nd4jRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);
  /** Option keys this backend reads. */
  public static final Set<String> OPTIONS = Set.of("threads", "device");
  private static final Object LOCK = new Object();

  private Nd4jRuntime() {}

  /**
   * Validates {@code options}, starts ND4J and returns a backend.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value
   * @throws BackendUnavailableException if ND4J cannot start
   */
  public static SparseBackend create(String id, BackendOptions options, Availability availability,
      Set<Capability> capabilities) {
    options.requireKnownKeys(id, OPTIONS);
    int threads = options.get("threads").map(v -> BackendOptions.positiveInt(v, "option threads", id))
        .orElse(Runtime.getRuntime().availableProcessors());
    options.requireCpuDevice(id, "the class path holds ND4J's CPU natives");
    if (!availability.available()) {
      throw new BackendUnavailableException("backend " + id + " is not available: " + availability.reason());
    }
    String buildInfo;
    synchronized (LOCK) {
      try {
        buildInfo = QuietStdout.run(() -> {
          Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
          return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        });
      } catch (RuntimeException | LinkageError e) {
        throw new BackendUnavailableException("backend " + id + " could not start ND4J: " + e + ". Check that "
            + "org.nd4j:nd4j-native:" + Nd4jProbe.ND4J_VERSION + " with your platform's natives classifier and "
            + "org.bytedeco:openblas are on the class path and that ~/.javacpp (JavaCPP's cache) is writable.", e);
      }
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.getEnvironment().setMaxThreads(threads);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("nd4j", Nd4jProbe.ND4J_VERSION);
    String classifier = Nd4jProbe.nativeClassifier(Nd4jRuntime.class.getClassLoader());
    versions.put("natives", classifier == null ? "unknown" : classifier);
    versions.put("onednn", Boolean.toString(buildInfo != null && buildInfo.toUpperCase(Locale.ROOT).contains("ONEDNN")));
    versions.put("device", "cpu");
    versions.put("threads", Integer.toString(threads));
    LOG.debug("started {} with {}; ND4J build: {}", id, versions, buildInfo);
    return new Nd4jBackend(id, capabilities, versions);
  }
}
