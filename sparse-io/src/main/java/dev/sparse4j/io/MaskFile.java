package dev.sparse4j.io;

import dev.sparse4j.api.spi.AtomicFiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sparse4j mask file ({@code .s4jm}): a {@link MaskSet} with the {@link MaskMetadata} that says how it was made.
 *
 * <p>Layout, all integers little-endian:
 *
 * <pre>
 * offset      size  field
 * 0           4     magic "S4JM"
 * 4           4     format version (int32), currently 1
 * 8           4     header length H (int32)
 * 12          H     header: UTF-8 JSON object {"format":"sparse4j-mask","formatVersion":1, ...MaskMetadata fields}
 * 12+H        8     payload length P (int64)
 * 20+H        P     payload: for each header layer in order, Mask.words() as int64, ceil(numel/64) words each;
 *                   position i of a parameter (row-major) is bit i%64 of word i/64
 * 20+H+P      4     CRC-32C of bytes [0, 20+H+P)
 * </pre>
 *
 * <p>Reading checks everything before building anything, so a bad file never yields a partial {@link MaskSet}: magic,
 * version, lengths, checksum, then the header, then that each layer's payload has the header's kept count.
 */
public final class MaskFile {
  /** The format version this code writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;
  /** The usual file name extension. */
  public static final String EXTENSION = ".s4jm";

  private static final Logger LOG = LoggerFactory.getLogger(MaskFile.class);
  private static final byte[] MAGIC = {'S', '4', 'J', 'M'};
  private static final String FORMAT_NAME = "sparse4j-mask";
  private static final int HEADER_START = 12;

  private MaskFile() {}

  /**
   * Writes {@code masks} with {@code metadata} atomically (temporary file in the same directory, then a move). Kept
   * counts and achieved density in the header are taken from the masks.
   *
   * @throws IllegalArgumentException if the masks' names, order or shapes differ from the metadata's layers
   */
  public static void write(Path file, MaskSet masks, MaskMetadata metadata) throws IOException {
    byte[] bytes = toBytes(masks, metadata);
    AtomicFiles.write(file, bytes);
    LOG.debug("wrote {} masks ({} bytes) to {}", masks.size(), bytes.length, file);
  }

  /**
   * Writes {@code masks} whose origin is not recorded (pruner {@code imported}, source {@code unspecified}); prefer
   * {@link #write(Path, MaskSet, MaskMetadata)} with {@link MaskMetadata#of} when the plan is known.
   */
  public static void write(Path file, MaskSet masks) throws IOException {
    write(file, masks, MaskMetadata.imported(masks, "unspecified"));
  }

  /** The complete file bytes for {@code masks} and {@code metadata} (see {@link #write}). */
  public static byte[] toBytes(MaskSet masks, MaskMetadata metadata) {
    Objects.requireNonNull(masks, "masks");
    MaskMetadata meta = Objects.requireNonNull(metadata, "metadata").withMasks(masks);
    byte[] header;
    try {
      ObjectNode node = JsonMapper.MAPPER.createObjectNode();
      node.put("format", FORMAT_NAME);
      node.put("formatVersion", FORMAT_VERSION);
      node.setAll((ObjectNode) JsonMapper.MAPPER.valueToTree(meta));
      header = JsonMapper.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot serialise the mask metadata: " + e.getMessage(), e);
    }
    long words = 0;
    for (Mask m : masks.asMap().values()) {
      words += Mask.wordCount(m.numel());
    }
    long payload = words * 8;
    long total = HEADER_START + header.length + 8 + payload + 4;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("masks too large for one mask file (" + total + " bytes)");
    }
    ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(FORMAT_VERSION).putInt(header.length).put(header).putLong(payload);
    for (Mask m : masks.asMap().values()) {
      for (long w : m.words()) {
        b.putLong(w);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Reads a mask file.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws CorruptFileException naming the byte offset if it is not a mask file, is of a newer format version, is
   *     truncated, has trailing bytes, fails its checksum, or its payload disagrees with its header
   */
  public static MaskFileContents read(Path file) throws IOException {
    MaskFileContents c = fromBytes(Files.readAllBytes(file), file);
    LOG.debug("read {} masks from {}", c.masks().size(), file);
    return c;
  }

  /** Reads only the masks of a mask file, with all the checks of {@link #read(Path)}. */
  public static MaskSet readMasks(Path file) throws IOException {
    return read(file).masks();
  }

  /** Parses mask-file bytes held in memory; {@code file} names them in error messages. */
  public static MaskFileContents fromBytes(byte[] bytes, Path file) throws CorruptFileException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = bytes.length;
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= n) {
        throw new CorruptFileException(file, n, "file is truncated inside the magic: not a complete sparse4j mask file");
      }
      if (bytes[i] != MAGIC[i]) {
        throw new CorruptFileException(file, 0, "not a sparse4j mask file (it does not start with \"S4JM\")");
      }
    }
    need(file, n, 4, 4, "format version");
    int version = b.getInt(4);
    if (version > FORMAT_VERSION) {
      throw new CorruptFileException(file, 4, "format version " + version + " is newer than this reader ("
          + FORMAT_VERSION + "); upgrade sparse4j");
    }
    if (version < 1) {
      throw new CorruptFileException(file, 4, "format version " + version + " is not valid (versions start at 1)");
    }
    need(file, n, 8, 4, "header length");
    long headerLen = b.getInt(8) & 0xffffffffL;
    need(file, n, HEADER_START, headerLen, "header");
    long payloadLenAt = HEADER_START + headerLen;
    need(file, n, payloadLenAt, 8, "payload length");
    long payloadLen = b.getLong((int) payloadLenAt);
    long payloadAt = payloadLenAt + 8;
    if (payloadLen < 0 || payloadLen % 8 != 0) {
      throw new CorruptFileException(file, payloadLenAt, "payload length " + payloadLen
          + " is not a non-negative multiple of 8");
    }
    need(file, n, payloadAt, payloadLen, "payload");
    long crcAt = payloadAt + payloadLen;
    need(file, n, crcAt, 4, "checksum");
    long end = crcAt + 4;
    if (n > end) {
      throw new CorruptFileException(file, end, (n - end) + " trailing bytes after the checksum");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, (int) crcAt);
    int stored = b.getInt((int) crcAt);
    if (stored != (int) crc.getValue()) {
      throw new CorruptFileException(file, crcAt, String.format(
          "checksum mismatch (stored CRC-32C %08x, computed %08x): the file is corrupted", stored, (int) crc.getValue()));
    }

    MaskMetadata meta = parseHeader(file, new String(bytes, HEADER_START, (int) headerLen, StandardCharsets.UTF_8),
        version);
    long words = 0;
    for (MaskLayerInfo l : meta.layers()) {
      words += Mask.wordCount(l.numel());
    }
    if (words * 8 != payloadLen) {
      throw new CorruptFileException(file, payloadLenAt, "payload length " + payloadLen + " does not match the "
          + words * 8 + " bytes the header's " + meta.layers().size() + " layer shapes need");
    }
    Map<String, Mask> masks = new LinkedHashMap<>();
    int at = (int) payloadAt;
    for (MaskLayerInfo l : meta.layers()) {
      long[] w = new long[Mask.wordCount(l.numel())];
      b.position(at);
      b.asLongBuffer().get(w);
      Mask m;
      try {
        m = Mask.ofWords(l.shape(), w);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(file, at, "payload of " + l.name() + " is invalid: " + e.getMessage());
      }
      if (m.kept() != l.kept()) {
        throw new CorruptFileException(file, at, "payload of " + l.name() + " keeps " + m.kept()
            + " positions but the header says " + l.kept());
      }
      masks.put(l.name(), m);
      at += w.length * 8;
    }
    MaskSet set = MaskSet.of(masks);
    if (Math.abs(set.density() - meta.achievedDensity()) > 1e-12) {
      throw new CorruptFileException(file, HEADER_START, "header says achieved density " + meta.achievedDensity()
          + " but the masks have " + set.density());
    }
    return new MaskFileContents(set, meta);
  }

  private static MaskMetadata parseHeader(Path file, String json, int version) throws CorruptFileException {
    try {
      JsonNode node = JsonMapper.MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new CorruptFileException(file, HEADER_START, "header is not a JSON object");
      }
      ObjectNode obj = (ObjectNode) node;
      JsonNode format = obj.remove("format");
      JsonNode headerVersion = obj.remove("formatVersion");
      if (format == null || !FORMAT_NAME.equals(format.asText())) {
        throw new CorruptFileException(file, HEADER_START, "header does not say \"format\": \"" + FORMAT_NAME + "\"");
      }
      if (headerVersion == null || headerVersion.asInt(-1) != version) {
        throw new CorruptFileException(file, HEADER_START, "header formatVersion " + headerVersion
            + " differs from the file's format version " + version);
      }
      return JsonMapper.MAPPER.treeToValue(obj, MaskMetadata.class);
    } catch (JsonProcessingException e) {
      throw new CorruptFileException(file, HEADER_START, "header is not valid mask metadata JSON: "
          + e.getOriginalMessage());
    }
  }

  private static void need(Path file, long size, long offset, long count, String what) throws CorruptFileException {
    if (count < 0 || offset > size || count > size - offset) {
      throw new CorruptFileException(file, Math.min(offset, size), "file is truncated: the " + what + " needs "
          + count + " bytes from byte " + offset + " but the file has " + size + " bytes");
    }
  }
}
