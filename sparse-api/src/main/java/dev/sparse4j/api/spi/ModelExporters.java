package dev.sparse4j.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link ModelExporter}s on the class or module path, by format. */
public final class ModelExporters {
  private ModelExporters() {}

  /** Every installed exporter, sorted by format. */
  public static List<ModelExporter> all() {
    TreeMap<String, ModelExporter> byFormat = new TreeMap<>();
    for (ModelExporter e : ServiceLoader.load(ModelExporter.class, ModelExporters.class.getClassLoader())) {
      ModelExporter previous = byFormat.put(e.format(), e);
      if (previous != null) {
        throw new IllegalStateException("two exporters for format '" + e.format() + "': "
            + previous.getClass().getName() + " and " + e.getClass().getName() + "; remove one of the jars");
      }
    }
    return new ArrayList<>(byFormat.values());
  }

  /**
   * The exporter of {@code format}.
   *
   * @throws IllegalArgumentException naming the installed formats when none exports {@code format}
   */
  public static ModelExporter get(String format) {
    List<ModelExporter> all = all();
    for (ModelExporter e : all) {
      if (e.format().equals(format)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no exporter for format '" + format + "'; installed: "
        + (all.isEmpty() ? "none (tf-saved-model comes with dev.sparse4j:backend-djl)"
            : all.stream().map(ModelExporter::format).toList()));
  }
}
