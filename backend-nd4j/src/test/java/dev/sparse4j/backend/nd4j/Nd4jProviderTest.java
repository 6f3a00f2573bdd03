package dev.sparse4j.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.backend.nd4j.internal.Nd4jProbe;
import dev.sparse4j.backend.nd4j.internal.Nd4jRuntime;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nd4jProviderTest {
  private final Nd4jProvider provider = new Nd4jProvider();

  @Test
  void describesItselfCheaplyAndHonestly() {
    assertEquals("nd4j", provider.id());
    assertEquals(50, provider.priority());
    assertEquals(Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS),
        provider.capabilities(), "no DOUBLE_BACKWARD: SameDiff cannot differentiate a gradient");
    assertEquals(Versions.coordinates("backend-nd4j"), provider.coordinates());
    assertEquals(Map.of("nd4j", "1.0.0-M2.1", "natives", "linux-x86_64-onednn-avx2"), provider.versions());
  }

  @Test
  void isAvailableWithTheOneDnnNatives() {
    Availability a = provider.availability();
    assertTrue(a.available(), a.reason());
    assertTrue(a.reason().contains("linux-x86_64-onednn-avx2"), a.reason());
  }

  @Test
  void saysWhatIsMissingWithoutThrowing() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      Availability a = Nd4jProbe.probe(empty);
      assertFalse(a.available());
      assertTrue(a.reason().contains("org.nd4j:nd4j-native:1.0.0-M2.1"), a.reason());
    }
    // ND4J's classes without natives: the message names the classifier to add.
    URL api = jarOf(getClass().getClassLoader().getResource("org/nd4j/linalg/factory/Nd4j.class"));
    try (URLClassLoader partial = new URLClassLoader(new URL[] {api}, ClassLoader.getPlatformClassLoader())) {
      Availability a = Nd4jProbe.probe(partial);
      assertFalse(a.available());
      assertTrue(a.reason().contains("linux-x86_64-onednn-avx2"), a.reason());
    }
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Nd4jRuntime.create("nd4j", BackendOptions.defaults(), Availability.unavailable("no natives; add X"),
            provider.capabilities()));
    assertTrue(e.getMessage().contains("no natives; add X"), e.getMessage());
  }

  private static URL jarOf(URL resource) throws IOException {
    String s = resource.toString();
    return new URL(s.substring(s.indexOf("jar:") + 4, s.indexOf("!/")));
  }

  @Test
  void rejectsUnknownOptionsAndBadValues() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("thread", "2")))).getMessage().contains("[device, threads]"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("threads", "0")))).getMessage().contains("positive"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("device", "gpu")))).getMessage().contains("only 'cpu'"));
  }

  @Test
  void createsABackendWithOneDnnAndReportsVersions() {
    try (SparseBackend b = provider.create(new BackendOptions(Map.of("threads", "2")))) {
      assertEquals("nd4j", b.id());
      assertEquals("1.0.0-M2.1", b.versions().get("nd4j"));
      assertEquals("true", b.versions().get("onednn"), "the oneDNN natives must be the ones loaded: " + b.versions());
      assertEquals("2", b.versions().get("threads"));
      assertEquals(provider.capabilities(), b.capabilities());
    }
  }

  @Test
  void isFoundByServiceLoaderAndListedInTheServicesFile() throws IOException {
    List<String> ids = ServiceLoader.load(SparseBackendProvider.class).stream().map(p -> p.get().id()).toList();
    assertTrue(ids.contains("nd4j"), ids.toString());
    try (var in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/services/dev.sparse4j.api.spi.SparseBackendProvider")) {
      assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(Nd4jProvider.class.getName()));
    }
  }
}
