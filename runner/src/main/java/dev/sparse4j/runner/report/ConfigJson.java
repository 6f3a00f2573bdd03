package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code config.json}: the configuration of a run, written when it starts so that it can be resumed or checked.
 *
 * @param format always {@link #FORMAT}
 * @param version always {@link #VERSION}
 * @param config the run's configuration
 */
@JsonPropertyOrder({"format", "version", "config"})
public record ConfigJson(String format, int version, @JsonProperty(required = true) RunConfig config) {
  /** Format name of {@code config.json}. */
  public static final String FORMAT = "sparse4j-run-config";
  /** The version this sparse4j writes and reads. */
  public static final int VERSION = 1;

  /** The file for {@code config}. */
  public static ConfigJson of(RunConfig config) {
    return new ConfigJson(FORMAT, VERSION, config);
  }
}
