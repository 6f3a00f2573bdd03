package dev.sparse4j.backend.nd4j.internal;

import dev.sparse4j.api.spi.Availability;
import java.util.List;
import java.util.Locale;

/** Checks, without loading anything, that ND4J's classes and natives for this platform are on the class path. */
public final class Nd4jProbe {
  /** The ND4J release this module is built and tested against. */
  public static final String ND4J_VERSION = "1.0.0-M2.1";
  /** The natives this module depends on by default. */
  public static final String DEFAULT_CLASSIFIER = "linux-x86_64-onednn-avx2";
  private static final String ND4J_CLASS = "org/nd4j/linalg/factory/Nd4j.class";
  private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

  private Nd4jProbe() {}

  /** The JavaCPP platform name of this JVM ({@code linux-x86_64}, {@code macosx-arm64}, …). */
  public static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : os.startsWith("windows")
        ? "windows" : os;
    String a = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return o + "-" + a;
  }

  /** The natives classifier found on {@code loader}'s class path, or null. */
  public static String nativeClassifier(ClassLoader loader) {
    String p = platform();
    for (String c : List.of(p + "-onednn-avx2", p + "-onednn-avx512", p + "-onednn", p + "-avx2", p + "-avx512", p)) {
      String lib = c.startsWith("windows") ? "jnind4jcpu.dll" : "libnd4jcpu.so";
      if (loader.getResource(BINDINGS + c + "/" + lib) != null
          || loader.getResource(BINDINGS + c + "/libnd4jcpu.dylib") != null) {
        return c;
      }
    }
    return null;
  }

  /** Whether the backend can start here, and what to add when it cannot. Never throws. */
  public static Availability probe(ClassLoader loader) {
    try {
      if (loader.getResource(ND4J_CLASS) == null) {
        return Availability.unavailable("ND4J is not on the class path; add org.nd4j:nd4j-native:" + ND4J_VERSION
            + " and its natives (classifier " + DEFAULT_CLASSIFIER + ")");
      }
      String classifier = nativeClassifier(loader);
      if (classifier == null) {
        return Availability.unavailable("no ND4J natives for " + platform() + " on the class path; add "
            + "org.nd4j:nd4j-native:" + ND4J_VERSION + ":" + platform() + "-onednn-avx2 (or " + platform()
            + "-onednn without AVX2, or " + platform() + " without oneDNN)");
      }
      if (loader.getResource("org/bytedeco/openblas/" + platform() + "/") == null
          && loader.getResource("org/bytedeco/openblas/" + platform() + "/libopenblas_nolapack.so.0") == null) {
        return Availability.unavailable("no OpenBLAS natives for " + platform() + " on the class path; add "
            + "org.bytedeco:openblas:0.3.28-1.5.11:" + platform());
      }
      return Availability.available("ND4J " + ND4J_VERSION + " with natives " + classifier);
    } catch (RuntimeException e) {
      return Availability.unavailable("probing for ND4J failed: " + e);
    }
  }
}
