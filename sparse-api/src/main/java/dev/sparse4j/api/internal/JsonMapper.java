package dev.sparse4j.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one JSON mapper of sparse-api files (mask-file headers, provenance): ISO-8601 instants, unknown fields ignored
 * so that files written by newer minor versions still read.
 */
public final class JsonMapper {
  /** The shared, thread-safe mapper. */
  public static final ObjectMapper MAPPER = create();

  private JsonMapper() {}

  private static ObjectMapper create() {
    // Instants as ISO-8601 text without pulling in jackson-datatype-jsr310.
    SimpleModule time = new SimpleModule("sparse4j-instant");
    time.addSerializer(Instant.class, ToStringSerializer.instance);
    time.addDeserializer(Instant.class, new StdScalarDeserializer<>(Instant.class) {
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
    return new ObjectMapper()
        .registerModule(time)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
        .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
        .configure(SerializationFeature.INDENT_OUTPUT, true);
  }
}
