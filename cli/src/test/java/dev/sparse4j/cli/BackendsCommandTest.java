package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsCommandTest {

  private static SparseBackendProvider provider(String id, int priority, Availability availability) {
    SparseBackendProvider p = mock(SparseBackendProvider.class);
    when(p.id()).thenReturn(id);
    when(p.priority()).thenReturn(priority);
    when(p.availability()).thenReturn(availability);
    when(p.capabilities()).thenReturn(EnumSet.of(Capability.TRAIN, Capability.INPUT_GRADIENTS));
    when(p.versions()).thenReturn(Map.of("engine", "9.9"));
    when(p.coordinates()).thenReturn("");
    return p;
  }

  @Test
  void noBackendInstalledSaysSoAndHowToAddOne() {
    CliRunner.Result r = CliRunner.run("backends");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("No sparse4j backend provider was found"), r.out());
    assertTrue(r.out().contains(Versions.coordinates("backend-djl-pytorch")), r.out());
    assertEquals("", r.err());
  }

  @Test
  void noBackendInstalledAsJson() throws Exception {
    CliRunner.Result r = CliRunner.run("backends", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(0, json.get("providers").size());
    assertTrue(json.get("default").isNull());
  }

  @Test
  void listsEveryProviderWithItsDetailsAndTheDefault() throws Exception {
    SparseBackendProvider[] providers = {
        provider("fast", 100, Availability.unavailable("libfast.so not found; add fast-native")),
        provider("slow", 10, Availability.available("pure Java"))};
    CliRunner.Result r = CliRunner.run(providers, "backends");
    assertEquals(0, r.exit(), r.err());
    String out = r.out();
    assertTrue(out.contains("fast  priority 100  UNAVAILABLE"), out);
    assertTrue(out.contains("reason:       libfast.so not found; add fast-native"), out);
    assertTrue(out.contains("slow  priority 10  available  (default)"), out);
    assertTrue(out.contains("capabilities: TRAIN, INPUT_GRADIENTS"), out);
    assertTrue(out.contains("versions:     engine=9.9"), out);
    assertTrue(out.contains("location:     "), out);
    assertTrue(out.contains("Default backend: slow"), out);

    JsonNode json = new ObjectMapper().readTree(CliRunner.run(providers, "backends", "--json").out());
    assertEquals("fast", json.get("providers").get(0).get("id").asText());
    assertEquals(false, json.get("providers").get(0).get("available").asBoolean());
    assertEquals("libfast.so not found; add fast-native", json.get("providers").get(0).get("reason").asText());
    assertEquals("INPUT_GRADIENTS", json.get("providers").get(1).get("capabilities").get(1).asText());
    assertEquals("slow", json.get("default").asText());
  }

  @Test
  void noUsableBackendIsReportedButNotAnError() {
    CliRunner.Result r = CliRunner.run(
        new SparseBackendProvider[] {provider("only", 1, Availability.unavailable("missing natives"))}, "backends");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("No default backend: No installed sparse4j backend is available here"), r.out());
  }
}
