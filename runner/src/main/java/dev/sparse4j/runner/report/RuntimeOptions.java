package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The options of a run that do not change its result, as the report's {@code config} lists them after the run
 * configuration.
 *
 * @param out the run directory
 * @param dataDir the data directory given, or {@code null} for the default resolution
 * @param threads backend threads, or {@code null} for the backend's default
 * @param saveLogits whether {@code logits.npz} was written
 * @param resume whether the run continued from a checkpoint
 * @param force whether a previous run in {@code out} was replaced
 */
@JsonPropertyOrder({"out", "dataDir", "threads", "saveLogits", "resume", "force"})
public record RuntimeOptions(String out, String dataDir, Integer threads, boolean saveLogits, boolean resume,
    boolean force) {}
