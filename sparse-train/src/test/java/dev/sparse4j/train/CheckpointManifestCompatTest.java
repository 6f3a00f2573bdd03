package dev.sparse4j.train;

import dev.sparse4j.api.spi.OptimizerConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.io.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A {@code checkpoint.json} written by sparse4j 0.1.0 reads with the manifest record and writes back unchanged. */
class CheckpointManifestCompatTest {

  private static Path fixture() throws Exception {
    return Path.of(CheckpointManifestCompatTest.class.getResource("/compat/v0.1.0/checkpoint.json").toURI());
  }

  @Test
  void readsTheCheckpointOfVersion010() throws Exception {
    CheckpointManifest m = JsonMapper.read(fixture(), CheckpointManifest.class, CheckpointManifest.FORMAT,
        CheckpointManifest.VERSION, "sparse4j checkpoint");
    assertEquals(1, m.epochsCompleted());
    assertEquals("mlp", m.model());
    assertEquals("djl-pytorch", m.backend());
    assertEquals("fashion-mnist/train", m.trainName());
    assertEquals(500, m.trainSize());
    assertTrue(m.masks());
    TrainingConfig c = m.config();
    assertEquals(1, c.epochs());
    assertEquals(128, c.batchSize());
    assertEquals(0.1, c.learningRate());
    assertEquals(OptimizerConfig.Kind.SGD, c.optimizer().kind());
    assertTrue(c.optimizer().nesterov());
    assertEquals(5e-4, c.optimizer().weightDecay());
    assertEquals(TrainingConfig.Schedule.STEP, c.schedule());
    assertEquals(500, c.trainLimit());
    assertEquals(1, m.history().size());
    assertEquals(2.300154680252075, m.history().get(0).loss());
    assertEquals(0.276, m.history().get(0).testAccuracy());
    assertEquals("17.0.15", m.runtime().get("java"));
  }

  @Test
  void writesItBackByteForByte() throws Exception {
    CheckpointManifest m = JsonMapper.read(fixture(), CheckpointManifest.class);
    assertEquals(Files.readString(fixture(), StandardCharsets.UTF_8), JsonMapper.MAPPER.writeValueAsString(m));
  }

  @Test
  void nonFiniteHistoryValuesRoundTrip() throws Exception {
    EpochRecord r = new EpochRecord(1, Double.POSITIVE_INFINITY, Double.NaN, Double.NEGATIVE_INFINITY, 0.1, 2);
    String json = JsonMapper.MAPPER.writeValueAsString(r);
    assertTrue(json.contains("\"loss\" : \"Infinity\"") && json.contains("\"trainAccuracy\" : null"), json);
    assertEquals(r, JsonMapper.MAPPER.readValue(json, EpochRecord.class));
  }
}
