package dev.sparse4j.train;

import dev.sparse4j.api.spi.OptimizerConfig;

import static dev.sparse4j.train.LearningRateScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import dev.sparse4j.tck.LinearSoftmaxModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {
  private static final Dataset TRAIN = TestData.quadrants("quad/train", 64, 4, 1);
  private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(3).batchSize(16).noAugmentation()
      .seed(5).schedule(TrainingConfig.Schedule.COSINE).build();

  private static Path trained(Path dir, Checkpointer cp) throws IOException {
    new Trainer().fit(TestData.maskedModel(4, 2), TRAIN, TRAIN, CONFIG, null, cp);
    return dir;
  }

  @Test
  void writesLayoutAndRoundTrips(@TempDir Path dir) throws IOException {
    LinearSoftmaxModel m = TestData.maskedModel(4, 2);
    TrainingResult r = new Trainer().fit(m, TRAIN, null, CONFIG, null, Checkpointer.in(dir));
    assertEquals("epoch-0003", Files.readString(dir.resolve("latest")).trim());
    assertEquals(List.of("epoch-0003", "latest"), list(dir));
    assertEquals(List.of("checkpoint.json", "masks.s4jm", "optimizer.npz", "state.npz"), list(dir.resolve("epoch-0003")));
    // The weights keep their PyTorch shapes, the momentum its parameter's shape.
    Map<String, NpyArray> state = Npz.read(dir.resolve("epoch-0003/state.npz"));
    assertArrayEquals(new int[] {4, 16}, state.get("fc.weight").shape());
    assertArrayEquals(new int[] {4}, state.get("fc.bias").shape());
    assertArrayEquals(new int[] {4, 16},
        Npz.read(dir.resolve("epoch-0003/optimizer.npz")).get("fc.weight.momentum").shape());

    Checkpoint c = Checkpointer.load(dir);
    assertEquals(dir.resolve("epoch-0003"), c.directory());
    assertEquals(3, c.epochsCompleted());
    assertTrue(c.finished());
    assertEquals(CONFIG, c.config());
    assertEquals(r.history(), c.history());
    assertEquals(m.masks(), c.masks());
    assertArrayEquals(m.state().get("fc.weight"), c.state().get("fc.weight"));
    assertArrayEquals(m.optimizerState().get("fc.bias.momentum"), c.optimizerState().get("fc.bias.momentum"));
    assertEquals("linear-softmax", c.modelName());
    assertEquals("java-reference", c.backendId());
    assertEquals("quad/train", c.trainName());
    assertEquals(64, c.trainSize());
    // Loading the epoch directory itself gives the same.
    assertEquals(c.history(), Checkpointer.load(dir.resolve("epoch-0003")).history());
  }

  @Test
  void denseModelWithoutOptimizerStateRoundTrips(@TempDir Path dir) throws IOException {
    TrainingConfig plain = CONFIG.toBuilder()
        .optimizer(new OptimizerConfig(OptimizerConfig.Kind.SGD, 0, false, 0, 0.9, 0.999, 1e-8)).build();
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 3);
    new Trainer().fit(m, TRAIN, null, plain, null, Checkpointer.in(dir));
    assertFalse(Files.exists(dir.resolve("epoch-0003/masks.s4jm")));
    Checkpoint c = Checkpointer.load(dir);
    assertEquals(0, c.masks().size());
    // SGD without momentum keeps no buffers, only the step count the SparseModel contract asks for.
    assertEquals(List.of("step"), List.copyOf(c.optimizerState().keySet()));
    assertEquals(plain, c.config());
    LinearSoftmaxModel fresh = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 4);
    new Trainer().resume(fresh, TRAIN, null, c, null, null);
    assertArrayEquals(m.state().get("fc.weight"), fresh.state().get("fc.weight"));
  }

  @Test
  void keepsTheRequestedNumberAndInterval(@TempDir Path dir) throws IOException {
    TrainingConfig five = CONFIG.toBuilder().epochs(5).build();
    new Trainer().fit(TestData.maskedModel(4, 2), TRAIN, null, five, null, Checkpointer.in(dir).keepLast(2));
    assertEquals(List.of("epoch-0004", "epoch-0005", "latest"), list(dir));
    Path other = dir.resolve("other");
    new Trainer().fit(TestData.maskedModel(4, 2), TRAIN, null, five, null,
        Checkpointer.in(other).every(2).keepLast(10));
    assertEquals(List.of("epoch-0002", "epoch-0004", "epoch-0005", "latest"), list(other));
    assertMessage("checkpoint interval must be ≥ 1 epoch, got 0", () -> Checkpointer.in(dir).every(0));
    assertMessage("must keep at least 1 checkpoint, got 0", () -> Checkpointer.in(dir).keepLast(0));
  }

  @Test
  void missingCheckpointIsExplained(@TempDir Path dir) throws IOException {
    FileNotFoundException missing = assertThrows(FileNotFoundException.class,
        () -> new Trainer().resume(TestData.maskedModel(4, 2), TRAIN, null, dir.resolve("nope"), null, null));
    assertTrue(missing.getMessage().contains("does not exist; train without resuming first"), missing.getMessage());
    FileNotFoundException empty = assertThrows(FileNotFoundException.class, () -> Checkpointer.load(dir));
    assertTrue(empty.getMessage().contains("no checkpoint in " + dir), empty.getMessage());
    assertEquals(Optional.empty(), Checkpointer.latest(dir));
  }

  @Test
  void corruptManifestIsReported(@TempDir Path dir) throws IOException {
    trained(dir, Checkpointer.in(dir));
    Path manifest = dir.resolve("epoch-0003/checkpoint.json");
    Files.writeString(manifest, "{ \"format\": \"sparse4j-checkpoint\", ");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpointer.load(dir));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertEquals(manifest, e.file());

    Files.writeString(manifest, "{\"format\": \"something-else\"}");
    e = assertThrows(CorruptFileException.class, () -> Checkpointer.load(dir));
    assertTrue(e.getMessage().contains("not a sparse4j checkpoint"), e.getMessage());

    Files.writeString(manifest, "{\"format\": \"sparse4j-checkpoint\", \"version\": 1, \"epochsCompleted\": 3}");
    e = assertThrows(CorruptFileException.class, () -> Checkpointer.load(dir));
    assertTrue(e.getMessage().contains("missing field 'config'"), e.getMessage());
  }

  @Test
  void missingOrDamagedArraysAreReported(@TempDir Path dir) throws IOException {
    trained(dir, Checkpointer.in(dir));
    Path state = dir.resolve("epoch-0003/state.npz");
    byte[] bytes = Files.readAllBytes(state);
    Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThrows(CorruptFileException.class,
        () -> new Trainer().resume(TestData.maskedModel(4, 2), TRAIN, null, dir, null, null));
    Files.delete(state);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpointer.load(dir));
    assertTrue(e.getMessage().contains("is incomplete: state.npz is missing"), e.getMessage());
    Files.delete(dir.resolve("epoch-0003/masks.s4jm"));
    Files.write(state, bytes);
    e = assertThrows(CorruptFileException.class, () -> Checkpointer.load(dir));
    assertTrue(e.getMessage().contains("the mask file is missing"), e.getMessage());
  }

  @Test
  void badPointerIsReportedAndStalePointerFallsBack(@TempDir Path dir) throws IOException {
    trained(dir, Checkpointer.in(dir).keepLast(3));
    Files.writeString(dir.resolve("latest"), "../../etc\n");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpointer.load(dir));
    assertTrue(e.getMessage().contains("should name a checkpoint directory like epoch-0007 but holds '../../etc'"),
        e.getMessage());
    Files.writeString(dir.resolve("latest"), "epoch-0009\n");
    assertEquals(3, Checkpointer.load(dir).epochsCompleted());
    Files.delete(dir.resolve("latest"));
    assertEquals(3, Checkpointer.load(dir).epochsCompleted());
  }

  @Test
  void checkpointOfAnotherModelOrDataIsRejected(@TempDir Path dir) throws IOException {
    trained(dir, Checkpointer.in(dir));
    assertMessage("was trained on 64 examples of 'quad/train' but the training set now has 32",
        () -> new Trainer().resume(TestData.maskedModel(4, 2), TRAIN.head(32), null, dir, null, null));
    LinearSoftmaxModel fiveClasses = new LinearSoftmaxModel(new int[] {1, 4, 4}, 5, 1);
    assertMessage("does not fit model 'linear-softmax'",
        () -> new Trainer().resume(fiveClasses, TRAIN, null, dir, null, null));
  }

  @Test
  void rewritingAnEpochReplacesIt(@TempDir Path dir) throws IOException {
    trained(dir, Checkpointer.in(dir).keepLast(5));
    // Resume from epoch 1 explicitly: epochs 2 and 3 are written again over the old ones.
    TrainingResult r = new Trainer().resume(TestData.maskedModel(4, 2), TRAIN, TRAIN, dir.resolve("epoch-0001"),
        null, Checkpointer.in(dir).keepLast(5));
    assertEquals(3, r.history().size());
    assertEquals(List.of("epoch-0001", "epoch-0002", "epoch-0003", "latest"), list(dir));
    assertEquals(r.history(), Checkpointer.load(dir).history());
    assertEquals(2, r.history().get(1).epoch());
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
