package dev.sparse4j.cli.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain-text table with aligned columns, for terminal output. */
public final class Table {
  private final String[] headers;
  private final Set<Integer> rightAligned = new HashSet<>();
  // A null row is a separator line.
  private final List<String[]> rows = new ArrayList<>();

  /** A table with these column headers. */
  public Table(String... headers) {
    this.headers = headers.clone();
  }

  /** Right-aligns the given columns (numbers). */
  public Table alignRight(int... columns) {
    for (int c : columns) {
      rightAligned.add(c);
    }
    return this;
  }

  /** Adds a row; missing cells are blank, {@code null} cells print as blank. */
  public Table row(Object... cells) {
    if (cells.length > headers.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells but the table has " + headers.length
          + " columns: " + Arrays.toString(cells));
    }
    String[] r = new String[headers.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(r);
    return this;
  }

  /** Adds a separator line (e.g. before a totals row). */
  public Table separator() {
    rows.add(null);
    return this;
  }

  /** The table as lines joined by {@code \n}, with a trailing newline. */
  public String render() {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
    }
    for (String[] r : rows) {
      if (r != null) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width);
    rule(sb, width);
    for (String[] r : rows) {
      if (r == null) {
        rule(sb, width);
      } else {
        line(sb, r, width);
      }
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, String[] cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        l.append("  ");
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      l.append(rightAligned.contains(i) ? pad + cells[i] : cells[i] + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private static void rule(StringBuilder sb, int[] width) {
    int total = 2 * (width.length - 1);
    for (int w : width) {
      total += w;
    }
    sb.append("-".repeat(total)).append('\n');
  }
}
