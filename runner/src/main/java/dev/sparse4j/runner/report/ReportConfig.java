package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's {@code config}: one flat object holding the run configuration, then the runtime options with the
 * evaluation settings among them (Jackson cannot unwrap into a record's constructor, so the three parts are merged
 * and split here).
 *
 * @param run the run's configuration (what {@code config.json} holds)
 * @param runtime where and how it ran
 * @param eval what the final evaluation measured
 */
public record ReportConfig(RunConfig run, RuntimeOptions runtime, EvalSettingsJson eval) {

  /** Checks that the run configuration is there. */
  public ReportConfig {
    Objects.requireNonNull(run, "run configuration");
  }

  /** The flat object, keys in the order of sparse4j 0.1.0 ({@code resume} and {@code force} come last). */
  @JsonValue
  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>(Json.fields(run));
    m.putAll(Json.fields(runtime));
    m.putAll(Json.fields(eval));
    for (String last : List.of("resume", "force")) {
      if (m.containsKey(last)) {
        m.put(last, m.remove(last));
      }
    }
    return m;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ReportConfig of(Map<String, Object> fields) {
    return new ReportConfig(Json.convert(fields, RunConfig.class), Json.convert(fields, RuntimeOptions.class),
        Json.convert(fields, EvalSettingsJson.class));
  }
}
