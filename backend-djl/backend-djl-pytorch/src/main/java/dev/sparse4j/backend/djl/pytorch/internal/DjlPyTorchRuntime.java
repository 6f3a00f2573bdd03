package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.ConvWorkaround;
import dev.sparse4j.api.spi.SparseBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts DJL's PyTorch engine (once per JVM) with the requested options. */
public final class DjlPyTorchRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(DjlPyTorchRuntime.class);
  /** Option keys this backend reads. */
  public static final Set<String> OPTIONS = Set.of("threads", "device", "memory-format", "precision");
  /** The system property read when option {@code memory-format} is not given. */
  public static final String MEMORY_FORMAT_PROPERTY = "sparse4j.djl-pytorch.memory-format";
  private static final Object LOCK = new Object();
  // The user's own setting, captured before this class first overwrites the property.
  private static final String USER_THREADS = System.getProperty("ai.djl.pytorch.num_threads");

  private DjlPyTorchRuntime() {}

  /**
   * Validates {@code options}, starts the engine and returns a backend.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value
   * @throws BackendUnavailableException if the engine cannot start
   */
  public static SparseBackend create(String id, BackendOptions options, Availability availability,
      Set<Capability> capabilities) {
    int threads = threads(id, options);
    options.requireCpuDevice(id, "the class path holds PyTorch's CPU natives");
    boolean channelsLast = channelsLast(id, options);
    DataType dataType = precision(id, options);
    ConvWorkaround strided1x1 = ConvWorkaround.fromSystemProperty(id);
    if (!availability.available()) {
      throw new BackendUnavailableException("backend " + id + " is not available: " + availability.reason());
    }
    // No downloads and no telemetry, ever; both must be set before DJL's Engine class initialises.
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    Engine engine;
    synchronized (LOCK) {
      // Read by PtEngine when it starts; changed below through JNI if the engine is already up.
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      try {
        engine = Engine.getEngine("PyTorch");
      } catch (RuntimeException | LinkageError e) {
        throw new BackendUnavailableException("backend " + id + " could not start DJL's PyTorch engine: " + e
            + ". Check that " + NativeProbe.JNI_COORDINATE + " and " + NativeProbe.NATIVE_COORDINATE
            + " (runtime scope, your platform's classifier) are on the class path and that ~/.djl.ai"
            + " (or DJL_CACHE_DIR) is writable; downloads are off (ai.djl.offline=true).", e);
      }
      if (JniUtils.getNumThreads() != threads) {
        LOG.info("setting PyTorch intra-op threads to {} (process-wide)", threads);
        JniUtils.setNumThreads(threads);
      }
    }
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("djl", Engine.getDjlVersion());
    versions.put("pytorch", engine.getVersion());
    versions.put("device", "cpu");
    versions.put("threads", Integer.toString(threads));
    versions.put("memory-format", channelsLast ? "channels-last" : "contiguous");
    if (dataType == DataType.FLOAT64) {
      versions.put("precision", "float64");
    }
    if (strided1x1 == ConvWorkaround.NATIVE) {
      versions.put("strided-1x1", "native");
    }
    LOG.debug("started {} with {}", id, versions);
    return new DjlPyTorchBackend(id, engine, capabilities, versions,
        new PtSettings(channelsLast, dataType, strided1x1));
  }

  private static int threads(String id, BackendOptions options) {
    options.requireKnownKeys(id, OPTIONS);
    String value = options.get("threads").orElse(null);
    String source = "option threads";
    if (value == null) {
      value = USER_THREADS;
      source = "system property ai.djl.pytorch.num_threads";
    }
    return value == null ? Runtime.getRuntime().availableProcessors()
        : BackendOptions.positiveInt(value, source, id);
  }

  /**
   * Option {@code memory-format}: {@code channels-last} (default) or {@code contiguous}; without the option, system
   * property {@value #MEMORY_FORMAT_PROPERTY} (so that CLI users can set it through {@code JAVA_OPTS}).
   */
  private static boolean channelsLast(String id, BackendOptions options) {
    String value = options.get("memory-format").orElse(null);
    String source = "option memory-format";
    if (value == null) {
      value = System.getProperty(MEMORY_FORMAT_PROPERTY, "channels-last");
      source = "system property " + MEMORY_FORMAT_PROPERTY;
    }
    return switch (value) {
      case "channels-last" -> true;
      case "contiguous" -> false;
      default -> throw new IllegalArgumentException("backend " + id + ": " + source + " must be channels-last"
          + " (the default: images run NHWC, the fast layout for oneDNN's convolutions) or contiguous (NCHW),"
          + " got '" + value + "'");
    };
  }

  /**
   * Option {@code precision}: {@code float32} (default) or {@code float64} — every tensor in double precision, for
   * reference computations (PyTorch then runs its own convolution kernels instead of oneDNN's, several times slower).
   */
  private static DataType precision(String id, BackendOptions options) {
    String value = options.get("precision").orElse("float32");
    return switch (value) {
      case "float32" -> DataType.FLOAT32;
      case "float64" -> DataType.FLOAT64;
      default -> throw new IllegalArgumentException("backend " + id + ": option precision must be float32 (the"
          + " default) or float64 (reference computations, several times slower), got '" + value + "'");
    };
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
