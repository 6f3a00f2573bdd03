package dev.sparse4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchArgsTest {
  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("backends", "djl-pytorch,nd4j");
    d.put("pairs", "10");
    return d;
  }

  @Test
  void argumentsOverrideDefaults() {
    Map<String, String> kv = BenchArgs.parse(defaults(), new String[] {"pairs=3", "backends=nd4j"});
    assertEquals("3", kv.get("pairs"));
    assertEquals("nd4j", kv.get("backends"));
    assertEquals("10", BenchArgs.parse(defaults(), new String[0]).get("pairs"));
  }

  @Test
  void unknownKeysAndBareWordsNameTheKnownKeys() {
    for (String bad : new String[] {"pair=3", "pairs", "=3"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BenchArgs.parse(defaults(), new String[] {bad}));
      assertTrue(e.getMessage().contains("[backends, pairs]"), e.getMessage());
    }
  }
}
