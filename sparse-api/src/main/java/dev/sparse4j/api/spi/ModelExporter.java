package dev.sparse4j.api.spi;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a trained sparse model in another ecosystem's format (e.g. a TensorFlow SavedModel), found by
 * {@link #format()} through {@link java.util.ServiceLoader} ({@link ModelExporters}). The exported model takes images
 * in [0, 1] (canonical layout, normalisation included) and returns logits; pruned weights are exactly 0.0.
 */
public interface ModelExporter {

  /** The format name, lower-kebab, e.g. {@code tf-saved-model}. */
  String format();

  /** One line for listings: what is written and what loads it. */
  String description();

  /**
   * Exports {@code spec} with {@code state} (every state tensor by name, canonical layout), pruned by
   * {@code masks}, into {@code directory}, which must not exist or be empty; it is written completely or not at all.
   *
   * @throws IllegalArgumentException for a missing or mis-sized tensor, or a directory that is not empty
   * @throws IOException if writing fails
   */
  void export(ModelSpec spec, Map<String, float[]> state, MaskSet masks, Path directory) throws IOException;
}
