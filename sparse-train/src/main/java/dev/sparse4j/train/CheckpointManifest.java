package dev.sparse4j.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The JSON part of a checkpoint ({@code checkpoint.json}): configuration, history and bookkeeping, read and written
 * by {@link dev.sparse4j.io.JsonMapper}. Doubles are written in Java's shortest round-trip form, so values
 * read back are bit-identical; NaN is written as {@code null}, infinities as {@code "Infinity"}.
 *
 * @param format always {@link #FORMAT}
 * @param version always {@link #VERSION}
 * @param config the trainer's configuration
 * @param history one record per finished epoch
 * @param epochsCompleted epochs finished when it was written
 * @param model the model's name
 * @param backend the backend that trained it
 * @param trainName the training set's name
 * @param trainSize the training examples used
 * @param masks whether the checkpoint holds a mask file
 * @param itop {@code true} when it holds the ever-active set of dynamic sparse training; absent otherwise
 * @param keptEntries {@code true} for a checkpoint of a model held as kept entries: masks (and the ever-active set)
 *     in {@code masks.kept.npz} (and {@code itop.kept.npz}), masked weights and their optimizer slots as kept values;
 *     absent otherwise
 * @param runtime versions of sparse4j, Java and the OS that wrote it
 */
@JsonPropertyOrder({"format", "version", "epochsCompleted", "model", "backend", "trainName", "trainSize", "masks",
    "itop", "keptEntries", "config", "history", "runtime"})
record CheckpointManifest(
    String format,
    int version,
    // The structure before the bookkeeping: a missing field is reported in this order.
    @JsonProperty(required = true) TrainingConfig config,
    @JsonProperty(required = true) List<EpochRecord> history,
    @JsonProperty(required = true) int epochsCompleted,
    @JsonProperty(required = true) String model,
    @JsonProperty(required = true) String backend,
    @JsonProperty(required = true) String trainName,
    @JsonProperty(required = true) int trainSize,
    @JsonProperty(required = true) boolean masks,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean itop,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean keptEntries,
    Map<String, String> runtime) {

  /** Format name of {@code checkpoint.json}. */
  static final String FORMAT = "sparse4j-checkpoint";
  /** The version this sparse4j reads and writes. */
  static final int VERSION = 1;

  /** Copies the collections. */
  CheckpointManifest {
    history = List.copyOf(history);
    runtime = runtime == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(runtime));
  }
}
