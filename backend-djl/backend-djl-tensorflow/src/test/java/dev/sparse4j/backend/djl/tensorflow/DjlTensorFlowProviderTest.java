package dev.sparse4j.backend.djl.tensorflow;

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
import dev.sparse4j.backend.djl.tensorflow.internal.TfRuntime;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DjlTensorFlowProviderTest {
  private final DjlTensorFlowProvider provider = new DjlTensorFlowProvider();

  @Test
  void describesItselfCheaplyAndHonestly() {
    assertEquals("djl-tensorflow", provider.id());
    assertEquals(40, provider.priority());
    assertEquals(Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS),
        provider.capabilities());
    assertEquals(Versions.coordinates("backend-djl-tensorflow"), provider.coordinates());
    assertEquals(Map.of("djl", "0.36.0", "tf-java", "1.0.0-rc.1"), provider.versions());
  }

  @Test
  void isAvailableWithTheNativesOnTheClassPath() {
    Availability a = provider.availability();
    assertTrue(a.available(), a.reason());
    assertTrue(a.reason().contains("1.0.0-rc.1"), a.reason());
  }

  @Test
  void saysWhatIsMissingWithoutThrowing() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      Availability a = TfRuntime.probe(empty);
      assertFalse(a.available());
      assertTrue(a.reason().contains("ai.djl.tensorflow:tensorflow-api:0.36.0"), a.reason());
    }
    // TF-Java without its natives: the message names the native coordinate to add.
    URL api = jarOf(getClass().getClassLoader().getResource("org/tensorflow/Graph.class"));
    try (URLClassLoader partial = new URLClassLoader(new URL[] {api}, ClassLoader.getPlatformClassLoader())) {
      Availability a = TfRuntime.probe(partial);
      assertFalse(a.available());
      assertTrue(a.reason().contains("org.tensorflow:tensorflow-core-native:1.0.0-rc.1:linux-x86_64"), a.reason());
    }
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> TfRuntime.create("djl-tensorflow", BackendOptions.defaults(), Availability.unavailable("no natives"),
            provider.capabilities()));
    assertTrue(e.getMessage().contains("no natives"), e.getMessage());
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
        () -> provider.create(new BackendOptions(Map.of("threads", "-1")))).getMessage().contains("positive"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> provider.create(new BackendOptions(Map.of("device", "gpu")))).getMessage().contains("only 'cpu'"));
  }

  @Test
  void createsABackendAndReportsTheTensorFlowVersion() {
    try (SparseBackend b = provider.create(new BackendOptions(Map.of("threads", "1")))) {
      assertEquals("djl-tensorflow", b.id());
      assertTrue(b.versions().get("tensorflow").startsWith("2.16"), b.versions().toString());
      assertEquals("1", b.versions().get("threads"));
    }
  }

  @Test
  void isFoundByServiceLoader() {
    List<String> ids = ServiceLoader.load(SparseBackendProvider.class).stream().map(p -> p.get().id()).toList();
    assertTrue(ids.containsAll(List.of("djl-pytorch", "djl-tensorflow")), ids.toString());
  }

  /**
   * An older JavaCPP than TF-Java needs (what ND4J declared first brings) makes the backend unavailable, naming both
   * versions and the BOM, instead of "available" followed by a NoSuchMethodError inside a model build.
   */
  @Test
  void anOlderJavaCppIsNamedAsTheReasonItIsUnavailable() {
    ClassLoader real = getClass().getClassLoader();
    ClassLoader old = new ClassLoader(real) {
      @Override
      public java.io.InputStream getResourceAsStream(String name) {
        if (name.equals("META-INF/maven/org.bytedeco/javacpp/pom.properties")) {
          return new java.io.ByteArrayInputStream("version=1.5.7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return super.getResourceAsStream(name);
      }
    };
    Availability a = TfRuntime.probe(old);
    assertFalse(a.available());
    assertEquals("JavaCPP 1.5.7 is on the class path, but TF-Java 1.0.0-rc.1 needs 1.5.11 (an older one usually"
        + " comes with ND4J when it is declared first): import the BOM dev.sparse4j:bom in <dependencyManagement>, or"
        + " pin org.bytedeco:javacpp 1.5.11 yourself", a.reason());
    assertTrue(TfRuntime.probe(real).available(), "this build's JavaCPP is the right one: " + TfRuntime.probe(real));
  }
}
