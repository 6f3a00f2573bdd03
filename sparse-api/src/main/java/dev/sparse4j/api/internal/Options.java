package dev.sparse4j.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Parsing and checking of the string options that allocators and pruners take in {@code configure(Map)}. */
public final class Options {
  private Options() {}

  /**
   * Rejects keys not in {@code known}.
   *
   * @param what e.g. {@code "allocator 'erk'"}
   * @throws IllegalArgumentException naming the unknown keys and the known options
   */
  public static void checkKnown(String what, Map<String, String> options, List<String> known) {
    Objects.requireNonNull(options, "options");
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey() == null || !known.contains(e.getKey())) {
        unknown.add(String.valueOf(e.getKey()));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("option '" + e.getKey() + "' of " + what + " has no value");
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          (unknown.size() == 1 ? "unknown option " : "unknown options ") + unknown + " for " + what + "; "
              + (known.isEmpty() ? "it takes no options" : "known options: " + String.join(", ", known)));
    }
  }

  /**
   * Parses a finite number.
   *
   * @throws IllegalArgumentException naming the option if the value is not a finite number
   */
  public static double parseDouble(String what, String key, String value) {
    double d;
    try {
      d = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + key + " of " + what + " must be a number, got '" + value + "'", e);
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("option " + key + " of " + what + " must be finite, got '" + value + "'");
    }
    return d;
  }

  /**
   * Parses {@code true}/{@code false} (any case).
   *
   * @throws IllegalArgumentException naming the option otherwise
   */
  public static boolean parseBoolean(String what, String key, String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("option " + key + " of " + what + " must be true or false, got '" + value + "'");
  }
}
