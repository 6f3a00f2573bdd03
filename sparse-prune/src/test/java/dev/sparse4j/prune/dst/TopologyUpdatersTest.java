package dev.sparse4j.prune.dst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.spi.Capability;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyUpdatersTest {
  @Test
  void findsTheBuiltInsByName() {
    assertEquals(List.of("set", "rigl"), TopologyUpdaters.names().subList(0, 2));
    assertTrue(TopologyUpdaters.get("set") instanceof SetUpdater);
    assertEquals(Set.of(Capability.PARAM_GRADIENTS), TopologyUpdaters.get("rigl").requiredCapabilities());
    assertEquals(Set.of(), TopologyUpdaters.get("set").requiredCapabilities());
  }

  @Test
  void unknownNamesStaticAndOptionsHaveClearMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologyUpdaters.get("sett"));
    assertTrue(e.getMessage().contains("set") && e.getMessage().contains("rigl"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TopologyUpdaters.get("static"));
    assertTrue(e.getMessage().contains("'static' means no topology update"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TopologyUpdaters.get("rigl", Map.of("beta", "1")));
    assertTrue(e.getMessage().contains("beta"), e.getMessage());
  }
}
