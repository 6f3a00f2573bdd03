package dev.sparse4j.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.io.CorruptFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON part of a checkpoint ({@code checkpoint.json}): configuration, history and bookkeeping. Built with
 * Jackson's tree model so this package need not be opened for reflection. Doubles are written in Java's shortest
 * round-trip form, so values read back are bit-identical; {@code NaN} is written as {@code null}.
 */
final class CheckpointJson {
  static final String FORMAT = "sparse4j-checkpoint";
  static final int VERSION = 1;
  static final ObjectMapper MAPPER = new ObjectMapper();

  private CheckpointJson() {}

  static ObjectNode config(TrainingConfig c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("epochs", c.epochs());
    n.put("batchSize", c.batchSize());
    n.put("learningRate", c.learningRate());
    ObjectNode o = n.putObject("optimizer");
    OptimizerConfig opt = c.optimizer();
    o.put("kind", opt.kind().name());
    o.put("momentum", opt.momentum());
    o.put("nesterov", opt.nesterov());
    o.put("weightDecay", opt.weightDecay());
    o.put("beta1", opt.beta1());
    o.put("beta2", opt.beta2());
    o.put("epsilon", opt.epsilon());
    n.put("schedule", c.schedule().id());
    n.put("horizontalFlip", c.horizontalFlip());
    n.put("cropPadding", c.cropPadding());
    n.put("seed", c.seed());
    n.put("trainLimit", c.trainLimit());
    n.put("testLimit", c.testLimit());
    return n;
  }

  static TrainingConfig config(JsonNode n, Path file) throws CorruptFileException {
    JsonNode o = field(n, "optimizer", file);
    try {
      OptimizerConfig opt = new OptimizerConfig(
          OptimizerConfig.Kind.valueOf(text(o, "kind", file)),
          number(o, "momentum", file),
          bool(o, "nesterov", file),
          number(o, "weightDecay", file),
          number(o, "beta1", file),
          number(o, "beta2", file),
          number(o, "epsilon", file));
      return new TrainingConfig(
          integer(n, "epochs", file),
          integer(n, "batchSize", file),
          number(n, "learningRate", file),
          opt,
          TrainingConfig.Schedule.parse(text(n, "schedule", file)),
          bool(n, "horizontalFlip", file),
          integer(n, "cropPadding", file),
          field(n, "seed", file).asLong(),
          integer(n, "trainLimit", file),
          integer(n, "testLimit", file));
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(file, -1, "invalid training configuration: " + e.getMessage());
    }
  }

  static ArrayNode history(List<EpochRecord> history) {
    ArrayNode a = MAPPER.createArrayNode();
    for (EpochRecord r : history) {
      ObjectNode n = a.addObject();
      n.put("epoch", r.epoch());
      putDouble(n, "loss", r.loss());
      putDouble(n, "trainAccuracy", r.trainAccuracy());
      putDouble(n, "testAccuracy", r.testAccuracy());
      putDouble(n, "learningRate", r.learningRate());
      putDouble(n, "seconds", r.seconds());
    }
    return a;
  }

  static List<EpochRecord> history(JsonNode a, Path file) throws CorruptFileException {
    if (!a.isArray()) {
      throw new CorruptFileException(file, -1, "'history' must be a JSON array");
    }
    List<EpochRecord> out = new ArrayList<>();
    for (JsonNode n : a) {
      int epoch = integer(n, "epoch", file);
      if (epoch != out.size() + 1) {
        throw new CorruptFileException(file, -1, "history record " + (out.size() + 1) + " is for epoch " + epoch);
      }
      out.add(new EpochRecord(epoch, nullableNumber(n, "loss", file), nullableNumber(n, "trainAccuracy", file),
          nullableNumber(n, "testAccuracy", file), nullableNumber(n, "learningRate", file),
          nullableNumber(n, "seconds", file)));
    }
    return out;
  }

  private static void putDouble(ObjectNode n, String name, double v) {
    if (Double.isFinite(v)) {
      n.put(name, v);
    } else if (Double.isNaN(v)) {
      n.putNull(name);
    } else {
      n.put(name, v > 0 ? "Infinity" : "-Infinity");
    }
  }

  static JsonNode field(JsonNode n, String name, Path file) throws CorruptFileException {
    JsonNode v = n.get(name);
    if (v == null || v.isMissingNode()) {
      throw new CorruptFileException(file, -1, "missing field '" + name + "'");
    }
    return v;
  }

  static String text(JsonNode n, String name, Path file) throws CorruptFileException {
    JsonNode v = field(n, name, file);
    if (!v.isTextual()) {
      throw new CorruptFileException(file, -1, "field '" + name + "' must be a string, got " + v);
    }
    return v.asText();
  }

  static int integer(JsonNode n, String name, Path file) throws CorruptFileException {
    JsonNode v = field(n, name, file);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new CorruptFileException(file, -1, "field '" + name + "' must be an integer, got " + v);
    }
    return v.intValue();
  }

  static double number(JsonNode n, String name, Path file) throws CorruptFileException {
    JsonNode v = field(n, name, file);
    if (!v.isNumber()) {
      throw new CorruptFileException(file, -1, "field '" + name + "' must be a number, got " + v);
    }
    return v.doubleValue();
  }

  private static double nullableNumber(JsonNode n, String name, Path file) throws CorruptFileException {
    JsonNode v = field(n, name, file);
    if (v.isNull()) {
      return Double.NaN;
    }
    if (v.isTextual() && (v.asText().equals("Infinity") || v.asText().equals("-Infinity"))) {
      return Double.parseDouble(v.asText());
    }
    return number(n, name, file);
  }

  static boolean bool(JsonNode n, String name, Path file) throws CorruptFileException {
    JsonNode v = field(n, name, file);
    if (!v.isBoolean()) {
      throw new CorruptFileException(file, -1, "field '" + name + "' must be true or false, got " + v);
    }
    return v.booleanValue();
  }
}
