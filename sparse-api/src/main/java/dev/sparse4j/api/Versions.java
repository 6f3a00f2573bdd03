package dev.sparse4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Versions of sparse4j and the runtime, for provenance records. The sparse4j version comes from the Maven project
 * version, written into the resource {@code sparse4j.properties} next to this class by resource filtering at build
 * time and read once; the pom is the only place it is written down.
 */
public final class Versions {
  /** The name of the filtered resource, next to this class, that holds {@code version=<project version>}. */
  static final String RESOURCE = "sparse4j.properties";

  /** The sparse4j release this code belongs to: the project version, e.g. {@code 1.2.0} or {@code 1.3.0-SNAPSHOT}. */
  public static final String SPARSE4J = load();

  /** The Maven group id of every sparse4j module. */
  public static final String GROUP_ID = "dev.sparse4j";

  private Versions() {}

  /** sparse4j, Java and OS versions. */
  public static Map<String, String> runtime() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sparse4j", SPARSE4J);
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }

  /** The Maven coordinates {@code dev.sparse4j:<artifactId>:<version>} of a sparse4j module of this release. */
  public static String coordinates(String artifactId) {
    return GROUP_ID + ":" + artifactId + ":" + SPARSE4J;
  }

  private static String load() {
    try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing next to " + Versions.class.getName()
            + "; build sparse-api with Maven, which writes it from the project version");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").trim();
      if (v.isEmpty() || v.contains("${")) {
        throw new IllegalStateException("resource " + RESOURCE + " holds no filtered version (got '" + v
            + "'); build sparse-api with Maven, whose resource filtering fills it in");
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
