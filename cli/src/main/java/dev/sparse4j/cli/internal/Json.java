package dev.sparse4j.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.io.AtomicFiles;
import dev.sparse4j.api.io.CorruptFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON output through Jackson's tree model (no reflection, so nothing needs to be opened to Jackson). */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Writes {@code node} pretty-printed, followed by a newline. */
  public static void print(PrintWriter out, JsonNode node) {
    out.println(text(node));
    out.flush();
  }

  /** {@code node} pretty-printed. */
  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
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

  /** Writes {@code node} pretty-printed to {@code file}, atomically. */
  public static void write(Path file, JsonNode node) throws IOException {
    AtomicFiles.writeString(file, text(node) + "\n");
  }

  /**
   * Reads a JSON object from {@code file}.
   *
   * @throws CorruptFileException if it is not a JSON object
   */
  public static ObjectNode read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    JsonNode n;
    try {
      n = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      throw new CorruptFileException(file, at, "not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new CorruptFileException(file, 0, "expected a JSON object");
    }
    return (ObjectNode) n;
  }

  /** Puts {@code value}, or {@code null} when it is NaN or infinite (JSON has no such numbers). */
  public static void put(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }
}
