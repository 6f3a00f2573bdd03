package dev.sparse4j.backend.djl.tensorflow.internal;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseBackend;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.ConvWorkaround;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts TensorFlow through the TF-Java graph API bundled with DJL's {@code tensorflow-api} and makes backends. */
public final class TfRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(TfRuntime.class);
  /** Option keys this backend reads. */
  public static final Set<String> OPTIONS = Set.of("threads", "device");
  /** The TF-Java release DJL 0.36.0 bundles; the natives must be the same release. */
  public static final String TF_JAVA_VERSION = "1.0.0-rc.1";
  /** Maven coordinates of the natives. */
  public static final String NATIVE_COORDINATE = "org.tensorflow:tensorflow-core-native:" + TF_JAVA_VERSION
      + ":linux-x86_64";
  /** Maven coordinates of the bundled TF-Java API. */
  public static final String API_COORDINATE = "ai.djl.tensorflow:tensorflow-api:0.36.0";

  /** The JavaCPP release TF-Java {@value #TF_JAVA_VERSION} was built with. */
  static final String JAVACPP_NEEDED = "1.5.11";

  private TfRuntime() {}

  /** The version of the JavaCPP jar on {@code loader}'s class path (from its Maven metadata), or null. */
  static String javacppVersion(ClassLoader loader) {
    try (java.io.InputStream in = loader.getResourceAsStream(
        "META-INF/maven/org.bytedeco/javacpp/pom.properties")) {
      if (in == null) {
        return null;
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /** Whether dotted version {@code a} is older than {@code b} (numeric parts; anything else compares equal). */
  static boolean olderThan(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      try {
        int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
        if (c != 0) {
          return c < 0;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return x.length < y.length;
  }

  static String javacppClash(String found) {
    return "JavaCPP " + found + " is on the class path, but TF-Java " + TF_JAVA_VERSION + " needs " + JAVACPP_NEEDED
        + " (an older one usually comes with ND4J when it is declared first): import the BOM dev.sparse4j:bom in"
        + " <dependencyManagement>, or pin org.bytedeco:javacpp " + JAVACPP_NEEDED + " yourself";
  }

  /** Whether TF-Java and its natives are on {@code loader}'s class path; never throws, loads nothing. */
  public static Availability probe(ClassLoader loader) {
    try {
      if (loader.getResource("org/tensorflow/Graph.class") == null) {
        return Availability.unavailable("TF-Java is not on the class path; add " + API_COORDINATE);
      }
      String platform = platform();
      if (loader.getResource("org/tensorflow/internal/c_api/" + platform + "/libjnitensorflow.so") == null) {
        return Availability.unavailable("no TensorFlow natives for " + platform + " on the class path; add "
            + NATIVE_COORDINATE.replace("linux-x86_64", platform) + " (runtime scope)");
      }
      String javacpp = javacppVersion(loader);
      if (javacpp != null && olderThan(javacpp, JAVACPP_NEEDED)) {
        return Availability.unavailable(javacppClash(javacpp));
      }
      return Availability.available("TensorFlow (TF-Java " + TF_JAVA_VERSION + ") with natives for " + platform);
    } catch (RuntimeException e) {
      return Availability.unavailable("probing for TensorFlow failed: " + e);
    }
  }

  /**
   * Points DJL's TensorFlow engine at the natives JavaCPP unpacked for TF-Java (system property
   * {@code TENSORFLOW_LIBRARY_PATH}, which DJL reads like the environment variable), so that loading a SavedModel
   * through DJL works offline; without it DJL would try to download natives. Leaves a user's setting alone. Call it
   * after TF-Java has loaded.
   */
  public static void pointDjlAtNatives() {
    if (System.getenv("TENSORFLOW_LIBRARY_PATH") != null || System.getProperty("TENSORFLOW_LIBRARY_PATH") != null) {
      return;
    }
    try {
      // JavaCPP's cache: its system property, else ~/.javacpp/cache (JavaCPP's own default).
      String dir = System.getProperty("org.bytedeco.javacpp.cachedir");
      java.nio.file.Path cache = dir != null ? java.nio.file.Path.of(dir)
          : java.nio.file.Path.of(System.getProperty("user.home"), ".javacpp", "cache");
      if (!java.nio.file.Files.isDirectory(cache)) {
        return;
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(cache)) {
        files.filter(f -> f.getFileName().toString().equals("libjnitensorflow.so")
                && f.toString().contains("tensorflow-core-native-" + TF_JAVA_VERSION))
            .findFirst()
            .ifPresent(f -> {
              System.setProperty("TENSORFLOW_LIBRARY_PATH", f.getParent().toString());
              LOG.debug("TENSORFLOW_LIBRARY_PATH={} for DJL's TensorFlow engine", f.getParent());
            });
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.debug("could not locate TF-Java's unpacked natives for DJL: {}", e.toString());
    }
  }

  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return (os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : os) + "-"
        + (arch.equals("amd64") ? "x86_64" : arch.equals("aarch64") ? "arm64" : arch);
  }

  /**
   * Validates {@code options}, loads TensorFlow and returns a backend.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value
   * @throws BackendUnavailableException if TensorFlow cannot start
   */
  public static SparseBackend create(String id, BackendOptions options, Availability availability,
      Set<Capability> capabilities) {
    options.requireKnownKeys(id, OPTIONS);
    int threads = options.get("threads").map(v -> BackendOptions.positiveInt(v, "option threads", id))
        .orElse(Runtime.getRuntime().availableProcessors());
    options.requireCpuDevice(id, "the class path holds TensorFlow's CPU natives");
    ConvWorkaround strided1x1 = ConvWorkaround.fromSystemProperty(id);
    if (!availability.available()) {
      throw new BackendUnavailableException("backend " + id + " is not available: " + availability.reason());
    }
    String version;
    try {
      version = org.tensorflow.TensorFlow.version();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("backend " + id + " could not load TensorFlow: " + e + ". Check that "
          + API_COORDINATE + " and " + NATIVE_COORDINATE + " are on the class path (JavaCPP 1.5.11) and that "
          + "~/.javacpp (JavaCPP's cache) is writable.", e);
    }
    try {
      // TF-Java's first JavaCPP call; with an older JavaCPP it is a NoSuchMethodError deep inside a model build.
      new org.bytedeco.javacpp.PointerScope().close();
    } catch (LinkageError e) {
      throw new BackendUnavailableException("backend " + id + " cannot run TensorFlow: " + javacppClash(
          String.valueOf(javacppVersion(TfRuntime.class.getClassLoader()))) + " (" + e + ")", e);
    }
    pointDjlAtNatives();
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("djl", "0.36.0");
    versions.put("tensorflow", version);
    versions.put("tf-java", TF_JAVA_VERSION);
    versions.put("device", "cpu");
    versions.put("threads", Integer.toString(threads));
    if (strided1x1 == ConvWorkaround.NATIVE) {
      versions.put("strided-1x1", "native");
    }
    LOG.debug("started {} with {}", id, versions);
    return new AbstractSparseBackend(id, capabilities, versions) {
      @Override
      protected SparseModel newModel(ModelSpec spec, long seed, Runnable onClose) {
        return new TfSparseModel(id, capabilities, spec, seed, threads, strided1x1, onClose);
      }
    };
  }
}
