package dev.sparse4j.backend.djl.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.backend.djl.pytorch.internal.NativeProbe;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DjlPyTorchProviderTest {
  private final DjlPyTorchProvider provider = new DjlPyTorchProvider();

  @Test
  void describesItselfCheaply() {
    assertEquals("djl-pytorch", provider.id());
    assertEquals(100, provider.priority());
    assertEquals(Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS,
        Capability.DOUBLE_BACKWARD),
        provider.capabilities());
    assertEquals(Map.of("djl", "0.36.0", "pytorch", "2.7.1"), provider.versions());
    assertEquals(Versions.coordinates("backend-djl-pytorch"), provider.coordinates());
  }

  @Test
  void isAvailableWithTheNativeJarOnTheClassPath() {
    Availability a = provider.availability();
    assertTrue(a.available(), a.reason());
    assertTrue(a.reason().contains("2.7.1"), a.reason());
  }

  @Test
  void saysWhatIsMissingWithoutThrowing() {
    // A loader that sees only the JDK: nothing of DJL is there.
    try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      Availability a = NativeProbe.probe(empty);
      assertFalse(a.available());
      assertTrue(a.reason().contains("ai.djl"), a.reason());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void saysWhichNativeJarToAddWhenOnlyTheEngineIsThere() throws IOException {
    // Engine and JNI jars but no native jar: the message names the missing coordinate.
    List<URL> urls = new java.util.ArrayList<>();
    for (String cls : List.of("ai/djl/engine/Engine.class", "ai/djl/pytorch/engine/PtEngine.class",
        "jnilib/pytorch.properties")) {
      urls.add(jarOf(getClass().getClassLoader().getResource(cls)));
    }
    try (URLClassLoader partial = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Availability a = NativeProbe.probe(partial);
      if (System.getenv("PYTORCH_LIBRARY_PATH") == null) {
        assertFalse(a.available(), a.reason());
        assertTrue(a.reason().contains("pytorch-native-cpu"), a.reason());
      }
    }
  }

  private static URL jarOf(URL resource) throws IOException {
    String s = resource.toString();
    return new URL(s.substring(s.indexOf("jar:") + 4, s.indexOf("!/")));
  }

  @Test
  void rejectsUnknownOptionsNamingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("thread", "2"))));
    assertTrue(e.getMessage().contains("[thread]")
        && e.getMessage().contains("known options: [device, memory-format, precision, threads]"), e.getMessage());
  }

  @Test
  void rejectsBadThreadCountsAndDevices() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("threads", "0")))).getMessage().contains("positive"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("threads", "two")))).getMessage().contains("'two'"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("device", "gpu")))).getMessage().contains("only 'cpu'"));
    assertEquals("backend djl-pytorch: option memory-format must be channels-last (the default: images run NHWC, the"
        + " fast layout for oneDNN's convolutions) or contiguous (NCHW), got 'nhwc'", assertThrows(
            IllegalArgumentException.class,
            () -> provider.create(new BackendOptions(Map.of("memory-format", "nhwc")))).getMessage());
    assertEquals("backend djl-pytorch: option precision must be float32 (the default) or float64 (reference"
        + " computations, several times slower), got 'double'", assertThrows(IllegalArgumentException.class,
            () -> provider.create(new BackendOptions(Map.of("precision", "double")))).getMessage());
  }

  @Test
  void aBadStrided1x1SettingIsRefusedNamingTheProperty() {
    System.setProperty("sparse4j.djl.strided-1x1", "off");
    try {
      assertEquals("backend djl-pytorch: system property sparse4j.djl.strided-1x1 must be subsample (the default: a"
          + " strided 1×1 convolution runs as a strided subsample and a stride-1 convolution, avoiding oneDNN's"
          + " faulty AVX2 kernel) or native (diagnosis only), got 'off'", assertThrows(
              IllegalArgumentException.class, () -> provider.create(BackendOptions.defaults())).getMessage());
      System.setProperty("sparse4j.djl.strided-1x1", "native");
      try (SparseBackend b = provider.create(BackendOptions.defaults())) {
        assertEquals("native", b.versions().get("strided-1x1"), "a run without the workaround says so");
      }
    } finally {
      System.clearProperty("sparse4j.djl.strided-1x1");
    }
    try (SparseBackend b = provider.create(BackendOptions.defaults())) {
      assertEquals(null, b.versions().get("strided-1x1"), "the default adds nothing to the provenance");
    }
  }

  /** float64 runs the same network: initial logits agree with float32 within float32 rounding. */
  @Test
  void float64PrecisionComputesTheSameNetwork() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 10, 10}, 10));
    float[] x = new float[3 * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 37 % 101) / 100f;
    }
    try (SparseBackend f32 = provider.create(BackendOptions.defaults());
        SparseBackend f64 = provider.create(new BackendOptions(Map.of("precision", "float64")));
        SparseModel a = f32.build(spec, 3); SparseModel b = f64.build(spec, 3)) {
      assertEquals("float64", f64.versions().get("precision"));
      assertEquals(a.state().get("conv1.weight")[5], b.state().get("conv1.weight")[5], 0f);
      float[] la = a.logits(x, 3);
      float[] lb = b.logits(x, 3);
      for (int i = 0; i < la.length; i++) {
        assertEquals(lb[i], la[i], 1e-4 * Math.max(1, Math.abs(lb[i])), "logit " + i);
      }
      b.setOptimizer(OptimizerConfig.paperSgd());
      assertTrue(Double.isFinite(b.trainStep(x, new int[] {1, 2, 3}, 3, 0.1).loss()));
    }
  }

  @Test
  void createsABackendOfflineWithThreadsAndReportsVersions() {
    try (SparseBackend b = provider.create(new BackendOptions(Map.of("threads", "1", "device", "cpu")))) {
      assertEquals("djl-pytorch", b.id());
      assertEquals("true", System.getProperty("ai.djl.offline"));
      assertEquals("0.36.0", b.versions().get("djl"));
      assertEquals("2.7.1", b.versions().get("pytorch"));
      assertEquals("1", b.versions().get("threads"));
      assertEquals("channels-last", b.versions().get("memory-format"));
      assertEquals(provider.capabilities(), b.capabilities());
    }
    try (SparseBackend b = provider.create(BackendOptions.defaults())) {
      assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), b.versions().get("threads"));
    }
  }

  @Test
  void theMemoryFormatCanComeFromASystemPropertyAndTheOptionWins() {
    String key = dev.sparse4j.backend.djl.pytorch.internal.DjlPyTorchRuntime.MEMORY_FORMAT_PROPERTY;
    assertEquals("sparse4j.djl-pytorch.memory-format", key);
    System.setProperty(key, "contiguous");
    try {
      try (SparseBackend b = provider.create(BackendOptions.defaults())) {
        assertEquals("contiguous", b.versions().get("memory-format"));
      }
      try (SparseBackend b = provider.create(new BackendOptions(Map.of("memory-format", "channels-last")))) {
        assertEquals("channels-last", b.versions().get("memory-format"));
      }
      System.setProperty(key, "NHWC");
      assertEquals("backend djl-pytorch: system property sparse4j.djl-pytorch.memory-format must be channels-last"
          + " (the default: images run NHWC, the fast layout for oneDNN's convolutions) or contiguous (NCHW), got"
          + " 'NHWC'", assertThrows(IllegalArgumentException.class,
              () -> provider.create(BackendOptions.defaults())).getMessage());
    } finally {
      System.clearProperty(key);
    }
  }

  @Test
  void anUnavailableAvailabilityBecomesBackendUnavailable() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> dev.sparse4j.backend.djl.pytorch.internal.DjlPyTorchRuntime.create("djl-pytorch", BackendOptions.defaults(),
            Availability.unavailable("no natives; add X"), provider.capabilities()));
    assertTrue(e.getMessage().contains("no natives; add X"), e.getMessage());
  }

  @Test
  void isFoundByServiceLoader() {
    List<String> ids = ServiceLoader.load(SparseBackendProvider.class).stream()
        .map(p -> p.get().id()).collect(Collectors.toList());
    assertTrue(ids.contains("djl-pytorch"), ids.toString());
  }

  @Test
  void moduleInfoAndServicesFileAgree() throws Exception {
    Path classes = Path.of(DjlPyTorchProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.sparse4j.backend.djl.pytorch", d.name());
    Set<String> fromModule = d.provides().stream()
        .filter(p -> p.service().equals(SparseBackendProvider.class.getName()))
        .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
    Set<String> fromServices = Files.readAllLines(
            classes.resolve("META-INF/services/" + SparseBackendProvider.class.getName()), StandardCharsets.UTF_8)
        .stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    assertEquals(fromModule, fromServices);
    assertTrue(fromModule.contains(DjlPyTorchProvider.class.getName()));
  }
}
