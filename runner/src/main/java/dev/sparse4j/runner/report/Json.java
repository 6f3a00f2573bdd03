package dev.sparse4j.runner.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of the command line through sparse4j's one shared mapper ({@link JsonMapper#MAPPER}): the run's files as
 * records ({@code report.json}, {@code config.json}, …, see {@link dev.sparse4j.cli.internal.report}), and small
 * trees for the listings printed on standard output.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.MAPPER;
  private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {};

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Writes {@code value} pretty-printed, followed by a newline. */
  public static void print(PrintWriter out, Object value) {
    out.println(text(value));
    out.flush();
  }

  /** {@code value} pretty-printed. */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} on one line, e.g. {@code {"mode":"exact"}}. */
  public static String compact(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text (e.g. a library's own JSON output) into a tree. */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@code value} pretty-printed to {@code file}, atomically, followed by a newline. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, text(value) + "\n");
  }

  /**
   * Reads {@code file}, a sparse4j file of the given format and version, as a {@code type}.
   *
   * @param what the kind of file for messages, e.g. {@code sparse4j run report}
   * @throws CorruptFileException if it is another kind of file or a field is missing or of the wrong type
   */
  public static <T> T read(Path file, Class<T> type, String format, int version, String what) throws IOException {
    return JsonMapper.read(file, type, format, version, what);
  }

  /** The text of a JSON file, refused unread when it is larger than any file sparse4j writes (64 MiB). */
  public static String readText(Path file) throws IOException {
    return JsonMapper.readText(file);
  }

  /** The fields of {@code value} as its JSON object has them, in order (empty for {@code null}). */
  public static Map<String, Object> fields(Object value) {
    return value == null ? new LinkedHashMap<>() : MAPPER.convertValue(value, FIELDS);
  }

  /** {@code value} (e.g. the fields of a JSON object) converted to a {@code type} as if written and read back. */
  public static <T> T convert(Object value, Class<T> type) {
    return MAPPER.convertValue(value, type);
  }
}
