package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param keptEntries {@code true} when {@code --kept-entries} was given (the backend held kept entries only; a model
 *     too large to be dense does so without it, see the report's files: {@code weights-csr/}); absent ({@code null})
 *     otherwise, and in reports written before the option existed
 */
@JsonPropertyOrder({"out", "dataDir", "threads", "saveLogits", "resume", "force", "keptEntries"})
public record RuntimeOptions(String out, String dataDir, Integer threads, boolean saveLogits, boolean resume,
    boolean force, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean keptEntries) {}
