package dev.sparse4j.io;

import dev.sparse4j.api.Versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparse4j.api.Densities;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.spi.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a run was made: enough to repeat it (configuration, seed, model, backend, allocator and pruner with their
 * options) and to judge it (target and achieved densities, per layer), plus versions and start time. No git
 * information is recorded. Round-trips through JSON: {@code fromJson(p.toJson()).equals(p)}.
 *
 * @param config the run's options as given (e.g. CLI options), in order
 * @param seed the root seed
 * @param versions versions of sparse4j, Java, OS and the backend's engine ({@link Versions#runtime()} and more)
 * @param backend backend id ({@code djl-pytorch})
 * @param model model name ({@code resnet20})
 * @param allocator density allocator name
 * @param allocatorConfig the allocator's options
 * @param pruner pruner name
 * @param prunerConfig the pruner's options
 * @param targetDensity requested overall density, in [0, 1]
 * @param achievedDensity overall density of the masks, in [0, 1]
 * @param layerDensities achieved density of each masked parameter, in model order
 * @param startTime when the run started
 */
public record RunProvenance(
    Map<String, String> config,
    long seed,
    Map<String, String> versions,
    String backend,
    String model,
    String allocator,
    Map<String, String> allocatorConfig,
    String pruner,
    Map<String, String> prunerConfig,
    double targetDensity,
    double achievedDensity,
    Map<String, Double> layerDensities,
    Instant startTime) {

  /** Validates and copies the maps (a missing map becomes empty). */
  public RunProvenance {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(pruner, "pruner");
    Objects.requireNonNull(startTime, "startTime");
    config = copy(config);
    versions = copy(versions);
    allocatorConfig = copy(allocatorConfig);
    prunerConfig = copy(prunerConfig);
    layerDensities = copy(layerDensities);
    Densities.checkFraction("target density", targetDensity);
    Densities.checkFraction("achieved density", achievedDensity);
    layerDensities.forEach((name, d) -> Densities.checkFraction("density of " + name, Objects.requireNonNull(d, name)));
  }

  /**
   * The provenance of a sparse run: allocator, its options and the target from {@code plan}, achieved densities
   * from {@code masks}, versions from {@link Versions#runtime()}.
   */
  public static RunProvenance of(Map<String, String> config, long seed, String backend, String model,
      DensityPlan plan, String pruner, Map<String, String> prunerConfig, MaskCounts masks, Instant startTime) {
    return new RunProvenance(config, seed, Versions.runtime(), backend, model, plan.allocator(),
        plan.allocatorConfig(), pruner, prunerConfig, plan.targetDensity(), masks.density(), masks.densities(),
        startTime);
  }

  /** The same provenance with more version entries (e.g. the backend's engine version). */
  public RunProvenance withVersions(Map<String, String> more) {
    Map<String, String> v = new LinkedHashMap<>(versions);
    v.putAll(more);
    return new RunProvenance(config, seed, v, backend, model, allocator, allocatorConfig, pruner, prunerConfig,
        targetDensity, achievedDensity, layerDensities, startTime);
  }

  /** Indented JSON; {@link #fromJson(String)} reads it back. */
  public String toJson() {
    try {
      return JsonMapper.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise run provenance: " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@link #toJson()} output. Unknown fields (from newer versions) are ignored.
   *
   * @throws IllegalArgumentException if the text is not valid provenance JSON, saying what is wrong
   */
  public static RunProvenance fromJson(String json) {
    try {
      RunProvenance p = JsonMapper.MAPPER.readValue(json, RunProvenance.class);
      if (p == null) {
        throw new IllegalArgumentException("run provenance JSON is empty (null)");
      }
      return p;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid run provenance JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@link #toJson()} to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }

  /**
   * Reads a file written by {@link #write(Path)}.
   *
   * @throws CorruptFileException if it is not valid provenance JSON
   */
  public static RunProvenance read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return fromJson(text);
    } catch (IllegalArgumentException e) {
      long at = e.getCause() instanceof JsonProcessingException j && j.getLocation() != null
          ? j.getLocation().getCharOffset() : -1;
      throw new CorruptFileException(file, at, e.getMessage());
    }
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

}
