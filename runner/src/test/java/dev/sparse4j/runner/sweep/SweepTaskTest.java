package dev.sparse4j.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.train.TopologyConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task is typed, and reaches a Spark worker (Java serialisation) and a child JVM (JSON) unchanged. */
class SweepTaskTest {

  private static SweepTask task() {
    RunConfig config = RunConfig.builder().backend("djl-pytorch").model("mlp").width(4.0)
        .allocatorOptions(Map.of("power-scale", "1")).seed(3).epochs(2).batchSize(64).trainLimit(600).testLimit(100)
        .topology(new TopologyConfig("rigl", Map.of(), 50, 0.2, 0.5)).build();
    return new SweepTask("mlp-w4-erk-s0.9-seed3", "/tmp/sweep/cells/mlp-w4-erk-s0.9-seed3", config,
        EvalSettings.defaults(64), true, false, null, 2, Map.of("memory-format", "contiguous"));
  }

  @Test
  void javaSerialisationGivesTheSameTask() throws Exception {
    SweepTask t = task();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(t);
    }
    Object back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = in.readObject();
    }
    assertEquals(t, back);
  }

  @Test
  void jsonGivesTheSameTask() {
    SweepTask t = task();
    assertEquals(t, Json.convert(Json.parse(Json.compact(t)), SweepTask.class));
    assertEquals(t.withThreads(1).config(), t.config());
  }

  @Test
  void aTaskNeedsItsConfigurationAndEvaluation() {
    SweepTask t = task();
    assertThrows(NullPointerException.class, () -> new SweepTask("c", "/d", null, t.eval(), false, false, null, 1));
    assertThrows(NullPointerException.class, () -> new SweepTask("c", "/d", t.config(), null, false, false, null, 1));
  }
}
