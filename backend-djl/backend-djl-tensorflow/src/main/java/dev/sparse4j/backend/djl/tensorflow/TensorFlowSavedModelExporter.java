package dev.sparse4j.backend.djl.tensorflow;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.ModelExporter;
import dev.sparse4j.backend.djl.tensorflow.internal.TfExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Format {@code tf-saved-model}: a TensorFlow SavedModel (tag {@code serve}, signature {@code serving_default}) whose
 * input {@code images} takes NCHW images in [0, 1] and whose output {@code logits} is the model in evaluation mode,
 * normalisation included; weights are constants with pruned entries exactly 0.0. DJL's TensorFlow engine loads it
 * with {@code Criteria.builder().optModelPath(dir).optEngine("TensorFlow")}, as does TensorFlow itself.
 */
public final class TensorFlowSavedModelExporter implements ModelExporter {
  /** The format name. */
  public static final String FORMAT = "tf-saved-model";

  /** Used by {@link java.util.ServiceLoader}. */
  public TensorFlowSavedModelExporter() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public String description() {
    return "TensorFlow SavedModel (serve/serving_default: images NCHW in [0, 1] -> logits); loads in DJL's "
        + "TensorFlow engine and in TensorFlow";
  }

  @Override
  public void export(ModelSpec spec, Map<String, float[]> state, MaskSet masks, Path directory) throws IOException {
    TfExport.savedModel(spec, state, masks, directory);
  }
}
