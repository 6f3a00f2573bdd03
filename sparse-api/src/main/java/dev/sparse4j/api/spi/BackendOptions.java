package dev.sparse4j.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * String options passed to {@link SparseBackendProvider#create}, such as {@code device=cpu} or
 * {@code threads=2}. Each backend documents the keys it reads and rejects the ones it does not know.
 *
 * @param values the options
 */
public record BackendOptions(Map<String, String> values) {

  /** Copies the map. */
  public BackendOptions {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** No options. */
  public static BackendOptions defaults() {
    return new BackendOptions(Map.of());
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Rejects keys a backend does not read.
   *
   * @throws IllegalArgumentException naming the unknown keys and the known ones
   */
  public void requireKnownKeys(String backendId, Set<String> known) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown
          + " for backend " + backendId + "; known options: " + new TreeSet<>(known));
    }
  }

  /**
   * Accepts only option {@code device=cpu} (or none) for a CPU-only backend.
   *
   * @param why what makes the backend CPU-only, for the message (e.g. "the class path holds PyTorch's CPU natives")
   * @throws IllegalArgumentException naming the device asked for
   */
  public void requireCpuDevice(String backendId, String why) {
    String device = get("device").orElse("cpu").trim().toLowerCase(java.util.Locale.ROOT);
    if (!device.equals("cpu")) {
      throw new IllegalArgumentException("device '" + device + "' is not supported by backend " + backendId
          + ": only 'cpu' is (" + why + ")");
    }
  }

  /**
   * A thread count (or another whole number ≥ 1) from its text.
   *
   * @param value the text, e.g. the value of option {@code threads}
   * @param source where it came from, for the message (e.g. {@code option threads})
   * @throws IllegalArgumentException unless it is a whole number ≥ 1
   */
  public static int positiveInt(String value, String source, String backendId) {
    try {
      int t = Integer.parseInt(value.trim());
      if (t > 0) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source + " of backend " + backendId + " must be a positive whole number, got '"
        + value + "'");
  }
}
