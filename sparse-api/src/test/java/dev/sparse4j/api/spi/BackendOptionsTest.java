package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendOptionsTest {

  @Test
  void unknownKeysAreNamedWithTheKnownOnes() {
    BackendOptions o = new BackendOptions(Map.of("thread", "2", "devise", "cpu"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> o.requireKnownKeys("x", Set.of("threads", "device")));
    assertEquals("unknown options [devise, thread] for backend x; known options: [device, threads]", e.getMessage());
    assertDoesNotThrow(() -> new BackendOptions(Map.of("threads", "2")).requireKnownKeys("x", Set.of("threads")));
  }

  @Test
  void positiveWholeNumbersOnly() {
    assertEquals(3, BackendOptions.positiveInt(" 3 ", "option threads", "x"));
    for (String bad : new String[] {"0", "-1", "two", "1.5", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BackendOptions.positiveInt(bad, "option threads", "x"));
      assertEquals("option threads of backend x must be a positive whole number, got '" + bad + "'", e.getMessage());
    }
  }

  @Test
  void onlyTheCpuDeviceForCpuBackends() {
    assertDoesNotThrow(() -> BackendOptions.defaults().requireCpuDevice("x", "why"));
    assertDoesNotThrow(() -> new BackendOptions(Map.of("device", " CPU ")).requireCpuDevice("x", "why"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BackendOptions(Map.of("device", "gpu")).requireCpuDevice("x", "pure Java"));
    assertEquals("device 'gpu' is not supported by backend x: only 'cpu' is (pure Java)", e.getMessage());
  }
}
