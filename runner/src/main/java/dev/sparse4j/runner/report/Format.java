package dev.sparse4j.runner.report;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Number and map formatting for tables, independent of the user's locale. */
public final class Format {
  private Format() {}

  /** A fraction with 4 decimals, e.g. {@code 0.1000}; {@code -} for NaN. */
  public static String fraction(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
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

  /** A whole number with thousands separators, e.g. {@code 27,065}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A large count: as is below 10,000, else {@code 26.6 k}, {@code 31.02 M}, {@code 1.23 G}. */
  public static String millions(double n) {
    if (n < 10_000) {
      return String.format(Locale.ROOT, "%.0f", n);
    }
    if (n < 1e6) {
      return String.format(Locale.ROOT, "%.1f k", n / 1e3);
    }
    return n < 1e9 ? String.format(Locale.ROOT, "%.2f M", n / 1e6) : String.format(Locale.ROOT, "%.2f G", n / 1e9);
  }

  /** The shortest plain decimal for a double, e.g. {@code 0.0005} (not {@code 5.0E-4}), {@code 1}, {@code 0.1}. */
  public static String number(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  /** A duration: {@code 350 ms}, {@code 12.3 s}, {@code 4m05s}, {@code 1h02m}. */
  public static String duration(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return "-";
    }
    if (seconds < 1) {
      return String.format(Locale.ROOT, "%d ms", Math.round(seconds * 1000));
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
