package dev.sparse4j.api.spi;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link ModelExporter}s on the class or module path, by format: found the way every sparse4j plug-in is
 * ({@link NamedServices}: a broken jar is skipped and reported, two exporters of one format are an error naming both).
 */
public final class ModelExporters {
  private ModelExporters() {}

  private static NamedServices<ModelExporter> load() {
    return NamedServices.load(ServiceLoader.load(ModelExporter.class, ModelExporters.class.getClassLoader()),
        ModelExporter.class, "exporter", List.of(), ModelExporter::format);
  }

  /** Every installed exporter, sorted by format. */
  public static List<ModelExporter> all() {
    return load().all().stream().sorted(Comparator.comparing(ModelExporter::format)).toList();
  }

  /**
   * The exporter of {@code format}.
   *
   * @throws IllegalArgumentException naming the installed formats when none exports {@code format}
   */
  public static ModelExporter get(String format) {
    NamedServices<ModelExporter> exporters = load();
    if (exporters.names().isEmpty()) {
      throw new IllegalArgumentException("no exporter for format '" + format + "'; installed: none (tf-saved-model"
          + " comes with dev.sparse4j:backend-djl-tensorflow)");
    }
    return exporters.get(format);
  }
}
