package dev.sparse4j.backend.djl.pytorch.internal;

import dev.sparse4j.api.spi.Availability;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Checks, with JDK classes only and without loading any native library, whether DJL's PyTorch engine, its JNI
 * bridge and PyTorch natives for this platform are on the class path.
 */
public final class NativeProbe {
  /** Maven coordinates of the pieces, for messages. */
  public static final String ENGINE_COORDINATE = "ai.djl.pytorch:pytorch-engine:0.36.0";
  /** The JNI bridge. */
  public static final String JNI_COORDINATE = "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";
  /** The CPU natives for Linux x86-64. */
  public static final String NATIVE_COORDINATE = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64";

  private static final String DEFAULT_DJL = "0.36.0";
  private static final String DEFAULT_PYTORCH = "2.7.1";

  private NativeProbe() {}

  /** {@code djl} and {@code pytorch} versions from {@code pytorch-engine.properties}, or the pinned defaults. */
  public static Map<String, String> versions(ClassLoader loader) {
    Map<String, String> out = new LinkedHashMap<>();
    Properties p = load(loader, "pytorch-engine.properties");
    out.put("djl", p == null ? DEFAULT_DJL : p.getProperty("djl_version", DEFAULT_DJL));
    out.put("pytorch", p == null ? DEFAULT_PYTORCH : p.getProperty("pytorch_version", DEFAULT_PYTORCH));
    return out;
  }

  /** This machine as DJL names platforms, e.g. {@code linux-x86_64}. */
  public static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin") ? "osx"
        : os.startsWith("win") ? "win" : os;
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
    return o + "-" + a;
  }

  /** Whether the PyTorch engine can start here, and why not; never throws. */
  public static Availability probe(ClassLoader loader) {
    try {
      if (loader.getResource("ai/djl/engine/Engine.class") == null) {
        return Availability.unavailable("DJL (ai.djl:api:0.36.0) is not on the class path; add dev.sparse4j:backend-djl"
            + " with its dependencies");
      }
      if (loader.getResource("ai/djl/pytorch/engine/PtEngine.class") == null) {
        return Availability.unavailable(ENGINE_COORDINATE + " is not on the class path; add it");
      }
      String platform = platform();
      String jniLib = platform.startsWith("win") ? "djl_torch.dll"
          : platform.startsWith("osx") ? "libdjl_torch.dylib" : "libdjl_torch.so";
      if (loader.getResource("jnilib/" + platform + "/cpu/" + jniLib) == null) {
        return Availability.unavailable("the DJL PyTorch JNI bridge for " + platform + " is not on the class path; add "
            + JNI_COORDINATE + " (runtime scope)");
      }
      String wanted = versions(loader).get("pytorch");
      String libraryPath = System.getenv("PYTORCH_LIBRARY_PATH");
      if (libraryPath == null) {
        libraryPath = System.getProperty("PYTORCH_LIBRARY_PATH");
      }
      if (libraryPath != null && !libraryPath.isBlank()) {
        return Availability.available("PyTorch natives from PYTORCH_LIBRARY_PATH=" + libraryPath);
      }
      List<String> others = new ArrayList<>();
      Enumeration<URL> found = loader.getResources("native/lib/pytorch.properties");
      while (found.hasMoreElements()) {
        URL url = found.nextElement();
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
          p.load(in);
        }
        String classifier = p.getProperty("classifier", "?");
        String version = p.getProperty("version", "?");
        String flavor = p.getProperty("flavor", "?");
        if (!classifier.equals(platform)) {
          others.add(flavor + "/" + classifier + " " + version);
          continue;
        }
        if (!version.startsWith(wanted)) {
          return Availability.unavailable("PyTorch natives " + version + " (" + jarOf(url) + ") do not match the "
              + "PyTorch " + wanted + " that DJL's pytorch-engine needs; use pytorch-native-" + flavor + ":" + wanted);
        }
        return Availability.available("PyTorch " + version + " (" + flavor + ", " + classifier + ") from " + jarOf(url)
            + "; extracted on first use under ~/.djl.ai/pytorch (DJL_CACHE_DIR overrides)");
      }
      return Availability.unavailable("no PyTorch natives for " + platform + " on the class path"
          + (others.isEmpty() ? "" : " (found only " + others + ")") + "; add " + NATIVE_COORDINATE
          + " (runtime scope; use the classifier of your platform) or set PYTORCH_LIBRARY_PATH. Downloads are off"
          + " (ai.djl.offline=true)");
    } catch (IOException | RuntimeException | LinkageError e) {
      return Availability.unavailable("could not check for PyTorch natives: " + e);
    }
  }

  private static Properties load(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      return null;
    }
  }

  private static String jarOf(URL url) {
    String s = url.toString();
    int bang = s.indexOf("!/");
    String jar = bang > 0 ? s.substring(0, bang) : s;
    return jar.substring(jar.lastIndexOf('/') + 1);
  }
}
