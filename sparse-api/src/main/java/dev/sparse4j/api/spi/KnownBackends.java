package dev.sparse4j.api.spi;

import dev.sparse4j.api.Versions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The backends sparse4j's own modules provide and the Maven coordinates of each, for the "add this dependency"
 * advice of a missing backend. A test checks the list against the providers the modules really contain.
 */
public final class KnownBackends {
  /** The artifact recommended when no backend is installed. */
  public static final String RECOMMENDED = Versions.coordinates("backend-djl-pytorch");

  private static final Map<String, String> COORDINATES = coordinatesById();

  private KnownBackends() {}

  /** The coordinates of the artifact that provides backend {@code id}, or {@code null} for an id sparse4j does not ship. */
  public static String coordinates(String id) {
    return COORDINATES.get(id);
  }

  /** Every id sparse4j's own modules provide. */
  public static Set<String> ids() {
    return COORDINATES.keySet();
  }

  private static Map<String, String> coordinatesById() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("djl-pytorch", Versions.coordinates("backend-djl-pytorch"));
    m.put("djl-tensorflow", Versions.coordinates("backend-djl-tensorflow"));
    m.put("nd4j", Versions.coordinates("backend-nd4j"));
    m.put("sparse-cpu", Versions.coordinates("backend-sparse"));
    return Collections.unmodifiableMap(m);
  }
}
