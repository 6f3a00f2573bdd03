package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Versions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskFileTest {
  static final ParamSpec CONV = ParamSpec.of("conv1.weight", ParamKind.WEIGHT, 16, 3, 3, 3);
  static final ParamSpec FC = ParamSpec.of("fc.weight", ParamKind.WEIGHT, 10, 64);

  @TempDir Path dir;

  static DensityPlan plan() {
    return new DensityPlan("erk", Map.of("power", "1.0"), 0.4,
        List.of(new LayerDensity(CONV, 0.5), new LayerDensity(FC, 0.25)), OptionalDouble.of(1.5), List.of(), 0.99);
  }

  /** A mask of {@code shape} keeping exactly {@code kept} positions chosen by a seeded shuffle. */
  static Mask exact(int[] shape, int kept, long seed) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    java.util.Collections.shuffle(Arrays.asList(idx), new Random(seed));
    boolean[] keep = new boolean[n];
    for (int i = 0; i < kept; i++) {
      keep[idx[i]] = true;
    }
    return Mask.ofBooleans(shape, keep);
  }

  static MaskSet masks() {
    Map<String, Mask> m = new LinkedHashMap<>();
    m.put(CONV.name(), exact(CONV.shape(), 216, 1));
    m.put(FC.name(), exact(FC.shape(), 160, 2));
    return MaskSet.of(m);
  }

  private byte[] written() throws IOException {
    Path f = dir.resolve("m.s4jm");
    MaskFile.write(f, masks(), MaskMetadata.of(plan(), "random", Map.of("mode", "exact"), 42L));
    return Files.readAllBytes(f);
  }

  private static CorruptFileException corrupt(byte[] bytes) {
    return assertThrows(CorruptFileException.class, () -> MaskFile.fromBytes(bytes, Path.of("m.s4jm")));
  }

  private static void fixCrc(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
  }

  private static int headerLength(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
  }

  @Test
  void roundTripsMasksAndMetadata() throws IOException {
    Path f = dir.resolve("sub/masks.s4jm");
    MaskMetadata meta = MaskMetadata.of(plan(), "random", Map.of("mode", "exact"), 42L).withExtra("model", "toy");
    MaskFile.write(f, masks(), meta);
    MaskFileContents back = MaskFile.read(f);
    assertEquals(masks(), back.masks());
    assertEquals(meta.withMasks(masks()), back.metadata());
    assertEquals(List.of(CONV.name(), FC.name()), List.copyOf(back.masks().names()));
    assertEquals(masks(), MaskFile.readMasks(f));
    assertEquals(1, Files.list(f.getParent()).count(), "no temporary file left");
  }

  @Test
  void metadataComesFromThePlanPrunerAndSeed() {
    MaskMetadata m = MaskMetadata.of(plan(), "random", Map.of("mode", "bernoulli"), 7L);
    assertEquals("erk", m.allocator());
    assertEquals(Map.of("power", "1.0"), m.allocatorConfig());
    assertEquals("random", m.pruner());
    assertEquals("bernoulli", m.maskMode());
    assertEquals(7L, m.seed());
    assertEquals(0.4, m.targetDensity());
    assertEquals(Versions.SPARSE4J, m.sparse4jVersion());
    assertEquals(216, m.layer("conv1.weight").kept());
    assertEquals(160, m.layer("fc.weight").kept());
    assertEquals(0.25, m.layer("fc.weight").targetDensity());
    assertEquals((216 + 160) / 1072.0, m.achievedDensity(), 1e-15);
    assertEquals("exact", MaskMetadata.of(plan(), "snip", Map.of(), 7L).maskMode());
  }

  @Test
  void headerIsSelfDescribingJson() throws IOException {
    byte[] b = written();
    assertEquals("S4JM", new String(b, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(1, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
    JsonNode h = new ObjectMapper().readTree(new String(b, 12, headerLength(b), StandardCharsets.UTF_8));
    assertEquals("sparse4j-mask", h.get("format").asText());
    assertEquals(1, h.get("formatVersion").asInt());
    assertEquals("random", h.get("pruner").asText());
    assertEquals("exact", h.get("prunerConfig").get("mode").asText());
    assertEquals("exact", h.get("maskMode").asText());
    assertEquals(42, h.get("seed").asLong());
    assertTrue(h.get("createdAt").asText().endsWith("Z"));
    JsonNode conv = h.get("layers").get(0);
    assertEquals("conv1.weight", conv.get("name").asText());
    assertEquals("[16,3,3,3]", conv.get("shape").toString());
    assertEquals("WEIGHT", conv.get("kind").asText());
    assertEquals(216, conv.get("kept").asInt());
    assertEquals(0.5, conv.get("targetDensity").asDouble());
    // Payload: 7 words for 432 positions, then 10 words for 640; the first word is the first mask's words()[0].
    long payload = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(12 + headerLength(b));
    assertEquals((7 + 10) * 8, payload);
    long first = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(20 + headerLength(b));
    assertEquals(masks().get("conv1.weight").words()[0], first);
    assertEquals(24 + headerLength(b) + payload, b.length);
  }

  @Test
  void keptCountsInTheHeaderAreThoseOfTheMasks() throws IOException {
    // A Bernoulli draw does not keep exactly the planned count; the file records what was kept.
    Map<String, Mask> m = new LinkedHashMap<>();
    m.put(CONV.name(), exact(CONV.shape(), 201, 3));
    m.put(FC.name(), exact(FC.shape(), 170, 4));
    Path f = dir.resolve("b.s4jm");
    MaskFile.write(f, MaskSet.of(m), MaskMetadata.of(plan(), "random", Map.of("mode", "bernoulli"), 1L));
    MaskMetadata back = MaskFile.read(f).metadata();
    assertEquals(201, back.layer(CONV.name()).kept());
    assertEquals(170, back.layer(FC.name()).kept());
    assertEquals(371 / 1072.0, back.achievedDensity(), 1e-15);
  }

  @Test
  void everyTruncationFailsWithTheOffset() throws IOException {
    byte[] b = written();
    for (int len = 0; len < b.length; len++) {
      CorruptFileException e = corrupt(Arrays.copyOf(b, len));
      assertTrue(e.getMessage().contains("truncated"), len + ": " + e.getMessage());
      assertTrue(e.offset() >= 0 && e.offset() <= len, len + ": offset " + e.offset());
      assertTrue(e.getMessage().startsWith("m.s4jm at byte " + e.offset() + ": "), e.getMessage());
    }
  }

  @Test
  void aFlippedByteAnywhereFailsTheChecksum() throws IOException {
    byte[] b = written();
    int h = headerLength(b);
    for (int at : new int[] {12 + h / 2, 20 + h, 20 + h + 50, b.length - 5, b.length - 1}) {
      byte[] c = b.clone();
      c[at] ^= 0x10;
      CorruptFileException e = corrupt(c);
      assertTrue(e.getMessage().contains("checksum mismatch"), at + ": " + e.getMessage());
      assertEquals(b.length - 4, e.offset());
    }
  }

  @Test
  void wrongMagicIsNotAMaskFile() throws IOException {
    byte[] b = written();
    b[0] = 'P';
    CorruptFileException e = corrupt(b);
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("not a sparse4j mask file"), e.getMessage());
    e = corrupt("hello world, no mask here".getBytes(StandardCharsets.US_ASCII));
    assertTrue(e.getMessage().contains("not a sparse4j mask file"), e.getMessage());
  }

  @Test
  void newerVersionAsksToUpgrade() throws IOException {
    byte[] b = written();
    b[4] = 2;
    CorruptFileException e = corrupt(b);
    assertEquals(4, e.offset());
    assertTrue(e.getMessage().endsWith("format version 2 is newer than this reader (1); upgrade sparse4j"),
        e.getMessage());
    b[4] = 0;
    assertTrue(corrupt(b).getMessage().contains("format version 0 is not valid"));
  }

  @Test
  void payloadKeptCountMustMatchTheHeader() throws IOException {
    byte[] b = written();
    int payloadAt = 20 + headerLength(b);
    // Toggle one position of conv1.weight's mask, keep the checksum valid: only the kept-count check can catch it.
    b[payloadAt] ^= 0x01;
    fixCrc(b);
    CorruptFileException e = corrupt(b);
    assertEquals(payloadAt, e.offset());
    assertTrue(e.getMessage().matches(".*payload of conv1.weight keeps 21[57] positions but the header says 216"),
        e.getMessage());
  }

  @Test
  void bitsBeyondTheShapeAreRejected() throws IOException {
    byte[] b = written();
    int payloadAt = 20 + headerLength(b);
    // conv1.weight has 432 positions: bits 48..63 of its 7th word are padding.
    b[payloadAt + 6 * 8 + 7] |= (byte) 0x80;
    fixCrc(b);
    CorruptFileException e = corrupt(b);
    assertTrue(e.getMessage().contains("payload of conv1.weight is invalid"), e.getMessage());
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    byte[] b = written();
    byte[] longer = Arrays.copyOf(b, b.length + 2);
    CorruptFileException e = corrupt(longer);
    assertEquals(b.length, e.offset());
    assertTrue(e.getMessage().contains("2 trailing bytes after the checksum"), e.getMessage());
  }

  @Test
  void aHeaderThatIsNotMaskMetadataIsRejected() throws IOException {
    byte[] b = written();
    int h = headerLength(b);
    String json = new String(b, 12, h, StandardCharsets.UTF_8);
    String[] broken = {
      json.replace("\"kept\" : 216", "\"kept\" : 215"),
      json.replace("sparse4j-mask", "sparse4j-mass"),
      json.replace("\"targetDensity\" : 0.5", "\"targetDensity\" : 1.5"),
      json.replaceFirst("\\{", "["),
    };
    String[] expected = {
      "keeps 216 positions but the header says 215",
      "header does not say \"format\": \"sparse4j-mask\"",
      "target density of conv1.weight must be in [0, 1], got 1.5",
      "header is not valid mask metadata JSON",
    };
    for (int i = 0; i < broken.length; i++) {
      byte[] nh = broken[i].getBytes(StandardCharsets.UTF_8);
      assertEquals(h, nh.length, "same length keeps the layout");
      byte[] c = b.clone();
      System.arraycopy(nh, 0, c, 12, h);
      fixCrc(c);
      CorruptFileException e = corrupt(c);
      assertTrue(e.getMessage().contains(expected[i]), e.getMessage());
    }
  }

  @Test
  void writeRejectsMetadataOfOtherMasks() {
    MaskMetadata meta = MaskMetadata.of(plan(), "random", Map.of(), 1L);
    Map<String, Mask> m = new LinkedHashMap<>();
    m.put(FC.name(), Mask.dense(10, 64));
    m.put(CONV.name(), Mask.dense(16, 3, 3, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaskFile.write(dir.resolve("x.s4jm"), MaskSet.of(m), meta));
    assertTrue(e.getMessage().contains("the masks are for [fc.weight, conv1.weight]"), e.getMessage());
    Map<String, Mask> wrongShape = new LinkedHashMap<>();
    wrongShape.put(CONV.name(), Mask.dense(16, 3, 3, 3));
    wrongShape.put(FC.name(), Mask.dense(64, 10));
    e = assertThrows(IllegalArgumentException.class,
        () -> MaskFile.write(dir.resolve("x.s4jm"), MaskSet.of(wrongShape), meta));
    assertTrue(e.getMessage().contains("mask of fc.weight has shape [64, 10]"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("x.s4jm")));
  }

  @Test
  void masksOfUnknownOriginAndEmptySetsRoundTrip() throws IOException {
    Path f = dir.resolve("u.s4jm");
    MaskFile.write(f, masks());
    MaskFileContents c = MaskFile.read(f);
    assertEquals(masks(), c.masks());
    assertEquals("imported", c.metadata().pruner());
    MaskFile.write(f, MaskSet.empty());
    assertEquals(0, MaskFile.read(f).masks().size());
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> MaskFile.read(dir.resolve("none.s4jm")));
  }

  @Test
  void layerInfoValidates() {
    assertThrows(IllegalArgumentException.class,
        () -> new MaskLayerInfo("a", new int[] {2, 2}, ParamKind.WEIGHT, 0.5, 5));
    assertArrayEquals(new int[] {2, 2}, new MaskLayerInfo("a", new int[] {2, 2}, ParamKind.WEIGHT, 0.5, 2).shape());
  }
}
