package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparse4j.api.spi.KnownBackends;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hint of a missing backend ("backend X is provided by …; add that dependency") names the module that really
 * provides it: the registry's table is checked against the providers the CLI's class path (every backend module
 * built here) contains.
 */
class BackendHintsTest {
  @Test
  void everyShippedBackendIsProvidedByTheModuleItsHintNames() {
    Map<String, String> built = new TreeMap<>();
    for (SparseBackendProvider p : ServiceLoader.load(SparseBackendProvider.class)) {
      if (p.coordinates() != null && p.coordinates().startsWith("dev.sparse4j:")) {
        built.put(p.id(), p.coordinates());
      }
    }
    assertEquals(new TreeMap<>(Map.of("djl-pytorch", "", "djl-tensorflow", "", "nd4j", "", "sparse-cpu", "")).keySet(),
        built.keySet(), "backends built in this repository");
    assertEquals(built.keySet(), new java.util.TreeSet<>(KnownBackends.ids()), "ids the hints know");
    built.forEach((id, coordinates) -> assertEquals(coordinates, KnownBackends.coordinates(id), id));
  }
}
