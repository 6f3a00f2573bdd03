package dev.sparse4j.api.provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of sparse4j and the runtime, for provenance records. */
public final class Versions {
  /** The sparse4j release this code belongs to. */
  public static final String SPARSE4J = "0.1.0-SNAPSHOT";

  private Versions() {}

  /** sparse4j, Java and OS versions. */
  public static Map<String, String> runtime() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sparse4j", SPARSE4J);
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }
}
