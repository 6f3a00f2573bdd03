package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The static registry over the real {@link java.util.ServiceLoader}: the test class path registers
 * {@link ServiceLoadedFakeProvider} and {@link BrokenConstructorProvider} in META-INF/services.
 */
class BackendsTest {

  @AfterEach
  void clear() {
    System.clearProperty(Backends.PROPERTY);
    Backends.reset();
  }

  @Test
  void serviceLoaderFindsProvidersAndSkipsTheBrokenOne() {
    Backends.reset();
    List<ProviderInfo> found = Backends.providers();
    assertEquals(List.of("test-fake"), found.stream().map(ProviderInfo::id).toList());
    assertTrue(found.get(0).location().contains("test-classes"), found.get(0).location());
    List<String> problems = Backends.problems();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(BrokenConstructorProvider.class.getName()), problems.get(0));
    assertTrue(problems.get(0).contains("boom: native library missing"), problems.get(0));
    assertInstanceOf(ServiceLoadedFakeProvider.class, Backends.select("test-fake"));
    assertEquals(List.of("test-fake"), Backends.idsWith(Capability.INPUT_GRADIENTS));
  }

  @Test
  void registryIsCachedUntilReset() {
    BackendRegistry first = Backends.registry();
    assertSame(first, Backends.registry());
    Backends.reset();
    assertNotSame(first, Backends.registry());
  }

  @Test
  void systemPropertyIsReadAtSelectionTime() {
    System.setProperty(Backends.PROPERTY, "no-such-backend");
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select(null));
    assertTrue(e.getMessage().contains("'no-such-backend' (from system property sparse4j.backend)"), e.getMessage());
    assertTrue(e.getMessage().contains("test-fake"), e.getMessage());
    assertTrue(e.getMessage().contains("boom: native library missing"), e.getMessage());
    // An explicit id beats the property.
    assertInstanceOf(ServiceLoadedFakeProvider.class, Backends.select("test-fake"));
  }

  @Test
  void createStartsTheSelectedProvider() {
    // The fake refuses to create a backend; the registry turns that into a clear startup failure.
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, Backends::create);
    assertTrue(e.getMessage().contains("backend 'test-fake' failed to start"), e.getMessage());
  }

  @Test
  void unsupportedCapabilityNamesBackendsThatHaveIt() {
    UnsupportedCapabilityException e = new UnsupportedCapabilityException(
        "x", Capability.INPUT_GRADIENTS, Backends.idsWith(Capability.INPUT_GRADIENTS));
    assertTrue(e.getMessage().contains("backends that do: test-fake"), e.getMessage());
  }
}
