package dev.sparse4j.backend.sparse.internal.train;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.Mask;

/**
 * The kept entries of one weight seen as {@code rows × rowLength} (a linear layer's {@code [out, in]}, a
 * convolution's {@code [out, in·k·k]}), in compressed sparse rows: entry {@code e} of row {@code r} lies between
 * {@code start[r]} and {@code start[r + 1]}, at column {@code cols[e]}, columns ascending. Values, gradients and
 * optimizer state of the weight are arrays indexed by entry. The column view (entries grouped by column, rows
 * ascending) is built on first use, for the input-gradient pass.
 */
public final class KeptIndex {
  private final int rows;
  private final int rowLength;
  private final int[] start;
  private final int[] cols;
  private final boolean full;
  private int[] colStart;
  private int[] colEntries;
  private int[] colRows;

  private KeptIndex(int rows, int rowLength, int[] start, int[] cols, boolean full) {
    this.rows = rows;
    this.rowLength = rowLength;
    this.start = start;
    this.cols = cols;
    this.full = full;
  }

  /** Every entry kept. */
  public static KeptIndex full(int rows, int rowLength) {
    int n = Math.multiplyExact(rows, rowLength);
    int[] start = new int[rows + 1];
    int[] cols = new int[n];
    for (int r = 0; r <= rows; r++) {
      start[r] = r * rowLength;
    }
    for (int e = 0; e < n; e++) {
      cols[e] = e % rowLength;
    }
    return new KeptIndex(rows, rowLength, start, cols, true);
  }

  /** The entries {@code mask} keeps ({@code mask.numel() == rows · rowLength}, row-major). */
  public static KeptIndex of(Mask mask, int rows, int rowLength) {
    if ((long) rows * rowLength != mask.numel()) {
      throw new IllegalArgumentException("mask of " + mask.numel() + " entries for a weight of " + rows + " rows of "
          + rowLength);
    }
    KeptMask kept = KeptMask.of(mask);
    if (kept.rows() != rows) {
      throw new IllegalArgumentException("mask of " + kept.rows() + " rows for a weight of " + rows + " rows");
    }
    return of(kept);
  }

  /** The entries a kept-entry mask keeps (its arrays are copied; rows and columns as the mask sees them). */
  public static KeptIndex of(KeptMask mask) {
    return new KeptIndex(mask.rows(), mask.cols(), mask.rowStarts(), mask.columns(), mask.kept() == mask.size());
  }

  /** These entries as a mask of {@code shape} (whose first dimension is {@link #rows()}). */
  public KeptMask toKeptMask(int[] shape) {
    return KeptMask.of(shape, start, cols);
  }

  /** Positions of the dense weight, {@code rows · rowLength}. */
  public long size() {
    return (long) rows * rowLength;
  }

  /** Rows (output channels or features). */
  public int rows() {
    return rows;
  }

  /** Entries per dense row. */
  public int rowLength() {
    return rowLength;
  }

  /** Kept entries. */
  public int kept() {
    return cols.length;
  }

  /** Whether every entry is kept. */
  public boolean isFull() {
    return full;
  }

  int[] start() {
    return start;
  }

  int[] cols() {
    return cols;
  }

  /** Per column {@code c}, its entries lie between {@code colStart()[c]} and {@code colStart()[c + 1]}. */
  int[] colStart() {
    buildColumns();
    return colStart;
  }

  /** The entry (index into values) of each position of the column view. */
  int[] colEntries() {
    buildColumns();
    return colEntries;
  }

  /** The row of each position of the column view. */
  int[] colRows() {
    buildColumns();
    return colRows;
  }

  private void buildColumns() {
    if (colStart != null) {
      return;
    }
    int[] cs = new int[rowLength + 1];
    for (int c : cols) {
      cs[c + 1]++;
    }
    for (int c = 0; c < rowLength; c++) {
      cs[c + 1] += cs[c];
    }
    int[] fill = cs.clone();
    int[] entries = new int[cols.length];
    int[] rowOf = new int[cols.length];
    for (int r = 0; r < rows; r++) {
      for (int e = start[r]; e < start[r + 1]; e++) {
        int at = fill[cols[e]]++;
        entries[at] = e;
        rowOf[at] = r;
      }
    }
    colEntries = entries;
    colRows = rowOf;
    colStart = cs;
  }

  /**
   * The dense row-major array of {@code kept} values (zeros elsewhere).
   *
   * @throws IllegalStateException if the weight is too large to be dense
   */
  public float[] expand(float[] kept) {
    if (size() > Integer.MAX_VALUE) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, "a weight of %,d × %,d positions cannot"
          + " be made dense (more than one Java array holds); read its kept entries (SparseModel.keptState())",
          rows, rowLength));
    }
    float[] dense = new float[rows * rowLength];
    for (int r = 0; r < rows; r++) {
      int base = r * rowLength;
      for (int e = start[r]; e < start[r + 1]; e++) {
        dense[base + cols[e]] = kept[e];
      }
    }
    return dense;
  }

  /** The values of {@code dense} (row-major) at the kept entries. */
  public float[] gather(float[] dense) {
    float[] kept = new float[cols.length];
    for (int r = 0; r < rows; r++) {
      int base = r * rowLength;
      for (int e = start[r]; e < start[r + 1]; e++) {
        kept[e] = dense[base + cols[e]];
      }
    }
    return kept;
  }
}
