package dev.sparse4j.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;

/**
 * The one JSON mapper of every sparse4j file (mask-file headers, provenance, checkpoints, and the command line's
 * reports, configurations and comparisons): ISO-8601 instants; unknown fields ignored so that files written by newer
 * minor versions still read; pretty-printed; doubles that JSON cannot hold written as {@code null} (NaN) or
 * {@code "Infinity"} / {@code "-Infinity"}, and {@code null} read back as NaN.
 *
 * <p>Exported to the command-line module only; it is not API.
 */
public final class JsonMapper {
  /** The shared, thread-safe mapper. */
  public static final ObjectMapper MAPPER = create();

  private JsonMapper() {}

  private static ObjectMapper create() {
    SimpleModule module = new SimpleModule("sparse4j");
    // Instants as ISO-8601 text without pulling in jackson-datatype-jsr310.
    module.addSerializer(Instant.class, ToStringSerializer.instance);
    module.addDeserializer(Instant.class, new StdScalarDeserializer<>(Instant.class) {
      private static final long serialVersionUID = 1L;

      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        try {
          return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
          return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
        }
      }
    });
    module.addSerializer(Double.class, new RealSerializer(Double.class));
    module.addSerializer(double.class, new RealSerializer(double.class));
    module.addDeserializer(Double.class, new RealDeserializer(Double.class));
    module.addDeserializer(double.class, new RealDeserializer(double.class));
    // Strict scalars: "3" is not a number, 1.5 is not a count, 7 is not a name (as the hand-written readers were).
    return com.fasterxml.jackson.databind.json.JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build()
        .registerModule(module)
        .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
        .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
        .configure(SerializationFeature.INDENT_OUTPUT, true);
  }

  /** The largest JSON file sparse4j reads: its reports, configs and checkpoints' metadata are kilobytes. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  /**
   * The text of {@code file}, refused before it is read when it is larger than {@link #MAX_BYTES} (a 1 GB
   * {@code report.json} would otherwise take several GB of heap).
   *
   * @throws CorruptFileException if the file is too large
   */
  public static String readText(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new CorruptFileException(file, -1, "is " + size / (1024 * 1024) + " MiB, more than any JSON file"
          + " sparse4j writes (at most " + MAX_BYTES / (1024 * 1024) + " MiB read); it is not a sparse4j file, or"
          + " it is damaged");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code file} as a {@code type}.
   *
   * @throws CorruptFileException if it is not valid JSON or does not fit {@code type}; the message names the field,
   *     e.g. {@code missing field 'config'} or {@code field 'history[0].epoch' must be a whole number}
   */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    String text = readText(file);
    try {
      T value = MAPPER.readValue(text, type);
      if (value == null) {
        throw new CorruptFileException(file, 0, "expected a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw corrupt(file, e);
    }
  }

  /**
   * Reads {@code file} as a {@code type} after checking its {@code format} and {@code version} fields, so that
   * another kind of file, or a newer version of this one, is named as such instead of as a missing field.
   *
   * @param what the kind of file for messages, e.g. {@code sparse4j checkpoint}
   * @throws CorruptFileException if the format or version differ, or as {@link #read(Path, Class)}
   */
  public static <T> T read(Path file, Class<T> type, String format, int version, String what) throws IOException {
    Header h = read(file, Header.class);
    if (!format.equals(h.format())) {
      throw new CorruptFileException(file, -1,
          "not a " + what + " (format '" + (h.format() == null ? "" : h.format()) + "', expected '" + format + "')");
    }
    if (h.version() == null || h.version() != version) {
      throw new CorruptFileException(file, -1, what + " format version " + h.version()
          + " is not supported by this sparse4j (reads version " + version + ")");
    }
    return read(file, type);
  }

  /** The two fields every sparse4j JSON file starts with. */
  private record Header(String format, Integer version) {}

  /** {@code e} as a {@link CorruptFileException} on {@code file} whose message says which field is wrong. */
  public static CorruptFileException corrupt(Path file, JsonProcessingException e) {
    long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String field = m.getPath().stream()
          .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining()).substring(1);
      String why;
      if (e instanceof ValueInstantiationException v && v.getCause() != null) {
        why = "invalid '" + field + "': " + v.getCause().getMessage();
      } else if (e instanceof MismatchedInputException mi && mi.getOriginalMessage().startsWith("Missing required")) {
        why = "missing field '" + field + "'";
      } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null
          && !(e instanceof InvalidFormatException)) {
        why = "field '" + field + "' must be " + kind(mi.getTargetType()) + ": " + e.getOriginalMessage();
      } else {
        why = "bad field '" + field + "': " + e.getOriginalMessage();
      }
      return new CorruptFileException(file, at, why);
    }
    return new CorruptFileException(file, at, "not valid JSON: " + e.getOriginalMessage());
  }

  private static String kind(Class<?> t) {
    if (t == String.class) {
      return "a string";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "a whole number";
    }
    if (t == double.class || t == Double.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    return "a " + t.getSimpleName();
  }

  /** NaN as {@code null}, infinities as {@code "Infinity"} / {@code "-Infinity"}: JSON numbers hold neither. */
  private static final class RealSerializer extends StdScalarSerializer<Double> {
    private static final long serialVersionUID = 1L;

    RealSerializer(Class<?> type) {
      super(type, false);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      double v = value;
      if (Double.isNaN(v)) {
        gen.writeNull();
      } else if (Double.isInfinite(v)) {
        gen.writeString(v > 0 ? "Infinity" : "-Infinity");
      } else {
        gen.writeNumber(v);
      }
    }
  }

  /** The reverse of {@link RealSerializer}: {@code null} is NaN; other text than the infinities is an error. */
  private static final class RealDeserializer extends StdScalarDeserializer<Double> {
    private static final long serialVersionUID = 1L;

    RealDeserializer(Class<?> type) {
      super(type);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        return p.getDoubleValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        String text = p.getText().trim();
        switch (text) {
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          case "NaN":
            return Double.NaN;
          default:
            return (Double) ctxt.handleWeirdStringValue(Double.class, text, "not a number");
        }
      }
      return (Double) ctxt.handleUnexpectedToken(Double.class, p);
    }

    @Override
    public Double getNullValue(DeserializationContext ctxt) {
      return Double.NaN;
    }
  }
}
