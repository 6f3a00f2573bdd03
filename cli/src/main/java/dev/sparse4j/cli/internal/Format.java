package dev.sparse4j.cli.internal;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Number and map formatting for tables, independent of the user's locale. */
public final class Format {
  private Format() {}

  /** A fraction with 4 decimals, e.g. {@code 0.1000}. */
  public static String fraction(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A map as {@code k=v, k=v}, or {@code -} when empty. */
  public static String map(Map<?, ?> m) {
    if (m.isEmpty()) {
      return "-";
    }
    StringJoiner j = new StringJoiner(", ");
    m.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
