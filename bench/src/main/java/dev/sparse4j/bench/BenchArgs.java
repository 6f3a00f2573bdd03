package dev.sparse4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value} command-line arguments over a map of defaults (which also names the known keys). */
final class BenchArgs {
  private BenchArgs() {}

  /**
   * The defaults with every argument applied.
   *
   * @throws IllegalArgumentException for an argument that is not {@code key=value} with a known key
   */
  static Map<String, String> parse(Map<String, String> defaults, String[] args) {
    Map<String, String> kv = new LinkedHashMap<>(defaults);
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0 || !kv.containsKey(a.substring(0, eq))) {
        throw new IllegalArgumentException("argument '" + a + "' is not key=value with a key from " + kv.keySet());
      }
      kv.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return kv;
  }

  /** A comma-separated list of densities ({@code densities=0.5,0.3}), or {@code defaults} when it is blank. */
  static double[] densities(String asked, double... defaults) {
    if (asked.isBlank()) {
      return defaults;
    }
    return java.util.Arrays.stream(asked.split(",")).mapToDouble(d -> Double.parseDouble(d.trim())).toArray();
  }
}
