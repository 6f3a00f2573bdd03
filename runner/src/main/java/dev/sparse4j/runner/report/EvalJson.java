package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code eval.json}: what {@code sparse4j eval} measured on a finished run, next to what its report held.
 *
 * @param format always {@link #FORMAT}
 * @param version always {@link #VERSION}
 * @param run the run directory (absolute)
 * @param backend the backend that evaluated
 * @param trainedOn the backend that trained the run
 * @param settings what was measured
 * @param metrics the metrics measured now
 * @param reliability the reliability diagram measured now
 * @param reportMetrics the report's metrics before any update
 * @param evalSeconds seconds of the evaluation
 * @param wallSeconds seconds of the whole command
 */
@JsonPropertyOrder({"format", "version", "run", "backend", "trainedOn", "settings", "metrics", "reliability",
    "reportMetrics", "evalSeconds", "wallSeconds"})
public record EvalJson(String format, int version, String run, String backend, String trainedOn,
    EvalSettingsJson settings, MetricsJson metrics, ReliabilityJson reliability, MetricsJson reportMetrics,
    double evalSeconds, double wallSeconds) {
  /** Format name of {@code eval.json}. */
  public static final String FORMAT = "sparse4j-eval";
  /** The version this sparse4j writes. */
  public static final int VERSION = 1;
}
