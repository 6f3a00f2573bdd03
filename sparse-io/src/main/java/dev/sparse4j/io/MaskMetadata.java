package dev.sparse4j.io;

import dev.sparse4j.api.Densities;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.Versions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link MaskSet} was made: the header of a mask file ({@link MaskFile}). Layers are in mask order.
 *
 * @param sparse4jVersion the sparse4j version that made the masks
 * @param createdAt when the masks were made
 * @param allocator density allocator name ({@code erk})
 * @param allocatorConfig the allocator's options
 * @param pruner pruner name ({@code random})
 * @param prunerConfig the pruner's options (for the random pruner including {@code mode})
 * @param seed the root seed the pruner used
 * @param maskMode how kept counts were drawn: {@code exact} or {@code bernoulli}
 * @param targetDensity requested overall density, in [0, 1]
 * @param achievedDensity overall density of the masks, in [0, 1]
 * @param layers one entry per masked parameter, in mask order
 * @param extra free-form annotations (model name, dataset, ...)
 */
public record MaskMetadata(
    String sparse4jVersion,
    Instant createdAt,
    String allocator,
    Map<String, String> allocatorConfig,
    String pruner,
    Map<String, String> prunerConfig,
    long seed,
    String maskMode,
    double targetDensity,
    double achievedDensity,
    List<MaskLayerInfo> layers,
    Map<String, String> extra) {

  /** The mask mode recorded when the pruner's config has no {@code mode}. */
  public static final String DEFAULT_MASK_MODE = "exact";

  /** Validates; copies the collections (a missing map becomes empty). */
  public MaskMetadata {
    Objects.requireNonNull(sparse4jVersion, "sparse4jVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(pruner, "pruner");
    Objects.requireNonNull(maskMode, "maskMode");
    allocatorConfig = copy(allocatorConfig);
    prunerConfig = copy(prunerConfig);
    extra = copy(extra);
    layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
    Densities.checkFraction("target density", targetDensity);
    Densities.checkFraction("achieved density", achievedDensity);
    Set<String> seen = new HashSet<>();
    for (MaskLayerInfo l : layers) {
      if (!seen.add(l.name())) {
        throw new IllegalArgumentException("layer " + l.name() + " appears twice in the mask metadata");
      }
    }
  }

  /**
   * Metadata for the masks a pruner draws from {@code plan}: allocator, target density, per-layer planned densities
   * and kept counts from the plan; the mask mode from {@code prunerConfig.get("mode")} (default {@code exact}); the
   * current sparse4j version and time. {@link MaskFile#write} replaces kept counts and achieved density by those of
   * the masks actually written.
   */
  public static MaskMetadata of(DensityPlan plan, String pruner, Map<String, String> prunerConfig, long seed) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(prunerConfig, "prunerConfig");
    List<MaskLayerInfo> layers = new ArrayList<>();
    for (LayerDensity l : plan.layers()) {
      layers.add(MaskLayerInfo.of(l.param(), l.density(), l.keptCount()));
    }
    return new MaskMetadata(Versions.SPARSE4J, now(), plan.allocator(), plan.allocatorConfig(), pruner, prunerConfig,
        seed, prunerConfig.getOrDefault("mode", DEFAULT_MASK_MODE), plan.targetDensity(), plan.achievedDensity(),
        layers, Map.of());
  }

  /**
   * Metadata for masks of unknown origin (for example imported from {@code .npz}): allocator {@code none}, pruner
   * {@code imported} with {@code source} in its config, every layer a {@link ParamKind#WEIGHT} whose target density
   * is its achieved density.
   */
  public static MaskMetadata imported(MaskSet masks, String source) {
    List<MaskLayerInfo> layers = new ArrayList<>();
    masks.asMap().forEach((name, m) ->
        layers.add(new MaskLayerInfo(name, m.shape(), ParamKind.WEIGHT, m.density(), m.kept())));
    return new MaskMetadata(Versions.SPARSE4J, now(), "none", Map.of(), "imported", Map.of("source", source), 0L,
        DEFAULT_MASK_MODE, masks.density(), masks.density(), layers, Map.of());
  }

  /**
   * The same metadata with kept counts and achieved density taken from {@code masks}.
   *
   * @throws IllegalArgumentException if the masks' names, order or shapes differ from {@link #layers()}
   */
  public MaskMetadata withMasks(MaskSet masks) {
    List<String> names = List.copyOf(masks.names());
    List<String> mine = layers.stream().map(MaskLayerInfo::name).toList();
    if (!names.equals(mine)) {
      throw new IllegalArgumentException("the masks are for " + names + " but the metadata describes " + mine
          + "; build the metadata from the plan the masks were drawn from");
    }
    List<MaskLayerInfo> updated = new ArrayList<>();
    for (MaskLayerInfo l : layers) {
      Mask m = masks.get(l.name());
      if (!Arrays.equals(m.shape(), l.shape())) {
        throw new IllegalArgumentException("mask of " + l.name() + " has shape " + Arrays.toString(m.shape())
            + " but the metadata says " + Arrays.toString(l.shape()));
      }
      updated.add(l.withKept(m.kept()));
    }
    return new MaskMetadata(sparse4jVersion, createdAt, allocator, allocatorConfig, pruner, prunerConfig, seed,
        maskMode, targetDensity, masks.density(), updated, extra);
  }

  /** The same metadata with one more {@link #extra()} annotation. */
  public MaskMetadata withExtra(String key, String value) {
    Map<String, String> e = new LinkedHashMap<>(extra);
    e.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new MaskMetadata(sparse4jVersion, createdAt, allocator, allocatorConfig, pruner, prunerConfig, seed,
        maskMode, targetDensity, achievedDensity, layers, e);
  }

  /**
   * The entry of {@code name}.
   *
   * @throws IllegalArgumentException naming the known layers if there is none
   */
  public MaskLayerInfo layer(String name) {
    for (MaskLayerInfo l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no layer '" + name + "' in the mask metadata; layers: "
        + layers.stream().map(MaskLayerInfo::name).toList());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Map<String, String> copy(Map<String, String> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

}
