package dev.sparse4j.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The kept positions of one weight tensor as compressed rows (CSR without values): the tensor is seen as a matrix
 * of {@code shape[0]} rows and {@code size / shape[0]} columns (a linear weight {@code [out, in]} as it is, a conv
 * weight {@code [out, in, kh, kw]} as {@code out × (in·kh·kw)}), and row {@code r} keeps columns
 * {@code columns[rowStarts[r] … rowStarts[r+1]−1]}, ascending. Memory is {@code O(kept + rows)}, so it describes
 * tensors whose positions could never be listed one by one: a 100,000 × 100,000 layer at 0.05 % density takes
 * 20 MB here and would take 1.25 GB as a {@link Mask} bitmap (and 40 GB as dense float32 weights).
 *
 * <p>Immutable. {@link #toMask()} and {@link #of(Mask)} convert where the tensor fits a bitmap; a position's
 * row-major flat index is {@code r · cols + c}, as in {@link Mask}.
 */
public final class KeptMask {
  private final int[] shape;
  private final int rows;
  private final int cols;
  private final int[] rowStarts;
  private final int[] columns;

  private KeptMask(int[] shape, int[] rowStarts, int[] columns) {
    this.shape = shape;
    this.rows = shape[0];
    this.cols = columnsOf(shape);
    this.rowStarts = rowStarts;
    this.columns = columns;
  }

  /**
   * A mask from compressed rows (both arrays are copied).
   *
   * @param shape the weight's shape, rank ≥ 2
   * @param rowStarts {@code shape[0] + 1} non-decreasing offsets into {@code columns}, from 0 to its length
   * @param columns per row, strictly ascending column indices in {@code [0, size / shape[0])}
   * @throws IllegalArgumentException naming the first offset or column that breaks these rules
   */
  public static KeptMask of(int[] shape, int[] rowStarts, int[] columns) {
    return wrap(shape.clone(), Objects.requireNonNull(rowStarts, "rowStarts").clone(),
        Objects.requireNonNull(columns, "columns").clone());
  }

  /** Takes ownership of the arrays after checking them; for generators inside this library. */
  static KeptMask wrap(int[] shape, int[] rowStarts, int[] columns) {
    checkShape(shape);
    int rows = shape[0];
    int cols = columnsOf(shape);
    if (rowStarts.length != rows + 1) {
      throw new IllegalArgumentException("a kept mask of " + rows + " rows needs " + (rows + 1) + " row offsets, got "
          + rowStarts.length);
    }
    if (rowStarts[0] != 0 || rowStarts[rows] != columns.length) {
      throw new IllegalArgumentException("row offsets must run from 0 to the column count " + columns.length
          + ", got " + rowStarts[0] + " … " + rowStarts[rows]);
    }
    for (int r = 0; r < rows; r++) {
      int start = rowStarts[r];
      int end = rowStarts[r + 1];
      if (end < start) {
        throw new IllegalArgumentException("row offsets decrease at row " + r + ": " + start + " then " + end);
      }
      for (int k = start; k < end; k++) {
        int c = columns[k];
        if (c < 0 || c >= cols || (k > start && c <= columns[k - 1])) {
          throw new IllegalArgumentException("row " + r + " of a kept mask with " + cols + " columns has column " + c
              + " at entry " + k + "; columns must lie in [0, " + cols + ") and ascend within a row");
        }
      }
    }
    return new KeptMask(shape, rowStarts, columns);
  }

  /** The kept positions of a bitmap mask (its shape must have rank ≥ 2). */
  public static KeptMask of(Mask mask) {
    int[] shape = mask.shape();
    checkShape(shape);
    int rows = shape[0];
    int cols = columnsOf(shape);
    int[] rowStarts = new int[rows + 1];
    int[] columns = new int[mask.kept()];
    long[] words = mask.words();
    int k = 0;
    // Set bits in order (O(kept + words)): count per row, then prefix sums.
    for (int wi = 0; wi < words.length; wi++) {
      for (long w = words[wi]; w != 0; w &= w - 1) {
        int pos = (wi << 6) + Long.numberOfTrailingZeros(w);
        rowStarts[pos / cols + 1]++;
        columns[k++] = pos % cols;
      }
    }
    for (int r = 0; r < rows; r++) {
      rowStarts[r + 1] += rowStarts[r];
    }
    return new KeptMask(shape, rowStarts, columns);
  }

  /** A mask keeping every position of a tensor small enough to list them. */
  public static KeptMask dense(int... shape) {
    return of(Mask.dense(shape));
  }

  /**
   * This mask as a bitmap.
   *
   * @throws IllegalStateException if the tensor has more positions than a bitmap {@link Mask} holds
   */
  public Mask toMask() {
    long n = size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, "a %s mask has %,d positions, more than a"
          + " bitmap mask holds; use its kept entries", ParamSpec.shapeString(shape), n));
    }
    long[] words = new long[Mask.wordCount((int) n)];
    for (int r = 0; r < rows; r++) {
      long base = (long) r * cols;
      for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++) {
        long i = base + columns[k];
        words[(int) (i >>> 6)] |= 1L << i;
      }
    }
    return Mask.wrap(shape.clone(), words);
  }

  /**
   * The values of a dense row-major tensor at the kept entries, in entry order.
   *
   * @throws IllegalArgumentException if {@code dense} does not have {@link #size()} values
   */
  public float[] gather(float[] dense) {
    if (dense.length != size()) {
      throw new IllegalArgumentException(dense.length + " values for a " + ParamSpec.shapeString(shape) + " tensor");
    }
    float[] out = new float[columns.length];
    for (int r = 0, k = 0; r < rows; r++) {
      int base = r * cols;
      for (int end = rowStarts[r + 1]; k < end; k++) {
        out[k] = dense[base + columns[k]];
      }
    }
    return out;
  }

  /**
   * The dense row-major tensor with {@code kept} at the kept entries and 0 elsewhere.
   *
   * @throws IllegalArgumentException if {@code kept} does not have {@link #kept()} values
   * @throws IllegalStateException if the tensor is too large for one array
   */
  public float[] expand(float[] kept) {
    if (kept.length != columns.length) {
      throw new IllegalArgumentException(kept.length + " values for a mask that keeps " + columns.length);
    }
    if (size() > Integer.MAX_VALUE) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, "a %s tensor has %,d positions, more than"
          + " one array holds; use its kept entries", ParamSpec.shapeString(shape), size()));
    }
    float[] out = new float[(int) size()];
    for (int r = 0, k = 0; r < rows; r++) {
      int base = r * cols;
      for (int end = rowStarts[r + 1]; k < end; k++) {
        out[base + columns[k]] = kept[k];
      }
    }
    return out;
  }

  /**
   * The positions kept by this mask or by {@code other} (of the same shape), e.g. the ever-active set of dynamic
   * sparse training; O(kept of both).
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public KeptMask union(KeptMask other) {
    requireSameShape(other);
    int[] starts = new int[rows + 1];
    int[] cols = new int[columns.length + other.columns.length];
    int n = 0;
    for (int r = 0; r < rows; r++) {
      int a = rowStarts[r];
      int aEnd = rowStarts[r + 1];
      int b = other.rowStarts[r];
      int bEnd = other.rowStarts[r + 1];
      while (a < aEnd || b < bEnd) {
        int ca = a < aEnd ? columns[a] : Integer.MAX_VALUE;
        int cb = b < bEnd ? other.columns[b] : Integer.MAX_VALUE;
        cols[n++] = Math.min(ca, cb);
        a += ca <= cb ? 1 : 0;
        b += cb <= ca ? 1 : 0;
      }
      starts[r + 1] = n;
    }
    return new KeptMask(shape, starts, Arrays.copyOf(cols, n));
  }

  /**
   * This mask with the entries {@code droppedEntries} (indices into its entries, ascending) removed and the row-major
   * positions {@code grownPositions} (ascending, not kept here) added: what a topology update of dynamic sparse
   * training does to a layer; O(kept + changes).
   *
   * @throws IllegalArgumentException if an entry or a position is out of range, repeated, out of order, or a grown
   *     position is already kept
   */
  public KeptMask replace(int[] droppedEntries, long[] grownPositions) {
    boolean[] dropped = new boolean[columns.length];
    int previous = -1;
    for (int e : droppedEntries) {
      if (e <= previous || e >= columns.length) {
        throw new IllegalArgumentException("dropped entries must ascend within [0, " + columns.length + "), got " + e
            + " after " + previous);
      }
      dropped[e] = true;
      previous = e;
    }
    long last = -1;
    for (long p : grownPositions) {
      if (p <= last || p >= size()) {
        throw new IllegalArgumentException("grown positions must ascend within [0, " + size() + "), got " + p
            + " after " + last);
      }
      if (isKept((int) (p / cols), (int) (p % cols))) {
        throw new IllegalArgumentException("grown position " + p + " is already kept");
      }
      last = p;
    }
    int[] starts = new int[rows + 1];
    int[] out = new int[columns.length - droppedEntries.length + grownPositions.length];
    int n = 0;
    int g = 0;
    for (int r = 0; r < rows; r++) {
      long rowBase = (long) r * cols;
      for (int e = rowStarts[r]; e < rowStarts[r + 1]; e++) {
        while (g < grownPositions.length && grownPositions[g] < rowBase + columns[e]) {
          out[n++] = (int) (grownPositions[g++] - rowBase);
        }
        if (!dropped[e]) {
          out[n++] = columns[e];
        }
      }
      while (g < grownPositions.length && grownPositions[g] < rowBase + cols) {
        out[n++] = (int) (grownPositions[g++] - rowBase);
      }
      starts[r + 1] = n;
    }
    return new KeptMask(shape, starts, out);
  }

  /**
   * The {@code j}-th (0-based) position this mask does not keep, in row-major order: a binary search over the rows,
   * then over the row's kept columns; O(log rows + log kept-in-row).
   *
   * @throws IndexOutOfBoundsException if {@code j} is not below {@code size − kept}
   */
  public long prunedPosition(long j) {
    if (j < 0 || j >= size() - columns.length) {
      throw new IndexOutOfBoundsException("pruned position " + j + " of " + (size() - columns.length));
    }
    // Pruned positions before row r: r·cols − rowStarts[r], non-decreasing in r; find the last row starting ≤ j.
    int lo = 0;
    int hi = rows - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if ((long) mid * cols - rowStarts[mid] <= j) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int r = lo;
    long q = j - ((long) r * cols - rowStarts[r]);
    // In row r: kept column i (i-th kept of the row) has columns[i] − i pruned columns before it, non-decreasing.
    int a = rowStarts[r];
    int b = rowStarts[r + 1];
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (columns[mid] - (mid - rowStarts[r]) <= q) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return (long) r * cols + q + (a - rowStarts[r]);
  }

  private void requireSameShape(KeptMask other) {
    if (!Arrays.equals(shape, other.shape)) {
      throw new IllegalArgumentException("masks of shapes " + ParamSpec.shapeString(shape) + " and "
          + ParamSpec.shapeString(other.shape) + " cannot be combined");
    }
  }

  /** A copy of the weight's shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Rows: {@code shape[0]}. */
  public int rows() {
    return rows;
  }

  /** Columns: the product of the other dimensions. */
  public int cols() {
    return cols;
  }

  /** Positions in the tensor, {@code rows · cols}. */
  public long size() {
    return (long) rows * cols;
  }

  /** Kept positions. */
  public int kept() {
    return columns.length;
  }

  /** {@code kept / size}. */
  public double density() {
    return (double) columns.length / size();
  }

  /** Index of row {@code r}'s first kept entry ({@code r} may be {@code rows}, giving {@link #kept()}). */
  public int rowStart(int r) {
    return rowStarts[r];
  }

  /** Column of kept entry {@code k} (entries are numbered row by row). */
  public int column(int k) {
    return columns[k];
  }

  /** A copy of the row offsets ({@code rows + 1} values, SciPy's {@code indptr}). */
  public int[] rowStarts() {
    return rowStarts.clone();
  }

  /** A copy of the kept columns, row by row (SciPy's {@code indices}). */
  public int[] columns() {
    return columns.clone();
  }

  /** Whether row-major position {@code r · cols + c} is kept (binary search in the row). */
  public boolean isKept(int r, int c) {
    return Arrays.binarySearch(columns, rowStarts[r], rowStarts[r + 1], c) >= 0;
  }

  /** Shapes of rank ≥ 2 only: a kept mask has rows and columns. */
  private static void checkShape(int[] shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException("a kept mask needs a weight of rank ≥ 2, got shape " + Arrays.toString(shape));
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("non-positive dimension in shape " + Arrays.toString(shape));
      }
    }
    long cols = 1;
    for (int i = 1; i < shape.length; i++) {
      cols *= shape[i];
    }
    if (cols > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a row of shape " + Arrays.toString(shape) + " has " + cols
          + " positions; at most " + Integer.MAX_VALUE + " are supported");
    }
  }

  private static int columnsOf(int[] shape) {
    int cols = 1;
    for (int i = 1; i < shape.length; i++) {
      cols *= shape[i];
    }
    return cols;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeptMask m && Arrays.equals(shape, m.shape) && Arrays.equals(rowStarts, m.rowStarts)
        && Arrays.equals(columns, m.columns);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(rowStarts)) + Arrays.hashCode(columns);
  }

  @Override
  public String toString() {
    return "KeptMask[" + ParamSpec.shapeString(shape) + ", kept " + kept() + ", density " + density() + "]";
  }
}
