package dev.sparse4j.backend.sparse.internal.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kept taps of a convolution, arranged so that a position near the border can go over just the taps that land
 * inside the unpadded source plane: the convolution reads its source as it is, with no padded copy (which cost a
 * read and a write of every activation, twice a layer, ~9 % of a ResNet-20 step).
 *
 * <p>Position {@code (i, j)} of a {@code rows × cols} grid reads source position {@code (i·stride + off(u), j·stride +
 * off(v))} for tap {@code (u, v)}, where {@code off(u) = u − pad} (forward pass and weight gradient) or
 * {@code pad − u} (stride-1 input gradient: the flipped kernel over the output gradient). The taps inside form a
 * range {@code [uLo, uHi)} per grid row and {@code [vLo, vHi)} per grid column. Each group's taps (an output
 * channel's forward, an input channel's for the input gradient) are stored tap-major — by {@code (u, v)}, then source
 * channel — so the taps of a row range and a column range are at most {@code uHi − uLo} contiguous runs
 * ({@link #runs}), one for a whole row of {@code u}: the interior's every tap is one run. Per tap, {@link #rel} is its
 * offset from the position's source base and {@link #entry} its index into the weight's kept values: three ints and
 * a float per kept weight, whatever the number of border kinds.
 */
final class BorderTaps {
  private final int k;
  private final int groups;
  /** Per group, where each tap {@code (u, v)} starts: {@code tapStart[g·(k² + 1) + u·k + v]}. */
  private final int[] tapStart;
  /** Per tap, its source offset and its kept entry. */
  final int[] rel;
  final int[] entry;
  /** Per grid row, its row kind; per row kind, the taps' {@code [uLo, uHi)}. */
  final int[] rowKind;
  private final int[][] rowRange;
  /** Column segments: columns {@code segFrom[s]} to {@code segFrom[s + 1]} share the taps' {@code segRange[s]}. */
  final int[] segFrom;
  private final int[][] segRange;
  /** Source base and destination offset of each grid position, row-major. */
  final int[] srcPos;
  final int[] dstPos;
  private float[] vals;

  /**
   * @param groupStart the taps of group {@code g} lie between {@code groupStart[g]} and {@code groupStart[g + 1]}
   *     of the tap arrays
   * @param ent per tap, its kept entry
   * @param channel per tap, its source channel
   * @param tap per tap, its kernel position {@code u·k + v}
   * @param flipped whether {@code off(u) = pad − u} (else {@code u − pad})
   * @param n examples per position
   */
  private BorderTaps(int groups, int[] groupStart, int[] ent, int[] channel, int[] tap, int k, boolean flipped,
      int pad, int rows, int cols, int stride, int sourceRows, int sourceCols, int n) {
    this.k = k;
    this.groups = groups;
    int kk = k * k;
    int taps = groupStart[groups];
    tapStart = new int[groups * (kk + 1)];
    rel = new int[taps];
    entry = new int[taps];
    int[] fill = new int[kk];
    for (int g = 0; g < groups; g++) {
      // Counting sort by tap, stable, so each tap's source channels keep their order.
      int base = g * (kk + 1);
      for (int t = groupStart[g]; t < groupStart[g + 1]; t++) {
        tapStart[base + tap[t] + 1]++;
      }
      tapStart[base] = groupStart[g];
      for (int p = 0; p < kk; p++) {
        tapStart[base + p + 1] += tapStart[base + p];
        fill[p] = tapStart[base + p];
      }
      for (int t = groupStart[g]; t < groupStart[g + 1]; t++) {
        int u = tap[t] / k;
        int v = tap[t] % k;
        int offU = flipped ? pad - u : u - pad;
        int offV = flipped ? pad - v : v - pad;
        int at = fill[tap[t]]++;
        rel[at] = ((channel[t] * sourceRows + offU) * sourceCols + offV) * n;
        entry[at] = ent[t];
      }
    }
    List<int[]> kinds = new ArrayList<>();
    rowKind = new int[rows];
    for (int i = 0; i < rows; i++) {
      rowKind[i] = kind(kinds, inside(i * stride, k, flipped, pad, sourceRows));
    }
    rowRange = kinds.toArray(new int[0][]);
    List<Integer> from = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    for (int j = 0; j < cols; j++) {
      int[] range = inside(j * stride, k, flipped, pad, sourceCols);
      if (ranges.isEmpty() || !Arrays.equals(ranges.get(ranges.size() - 1), range)) {
        from.add(j);
        ranges.add(range);
      }
    }
    from.add(cols);
    segFrom = from.stream().mapToInt(Integer::intValue).toArray();
    segRange = ranges.toArray(new int[0][]);
    srcPos = new int[rows * cols];
    dstPos = new int[rows * cols];
    for (int i = 0, q = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++, q++) {
        srcPos[q] = (i * stride * sourceCols + j * stride) * n;
        dstPos[q] = q * n;
      }
    }
  }

  /** The taps of an output channel per group: forward pass and weight gradient. */
  static BorderTaps ofRows(KeptIndex idx, int k, int pad, int stride, int rows, int cols, int sourceRows,
      int sourceCols, int n) {
    int kk = k * k;
    int[] c = idx.cols();
    int[] ent = new int[c.length];
    int[] channel = new int[c.length];
    int[] tap = new int[c.length];
    for (int e = 0; e < c.length; e++) {
      ent[e] = e;
      channel[e] = c[e] / kk;
      tap[e] = c[e] % kk;
    }
    return new BorderTaps(idx.rows(), idx.start(), ent, channel, tap, k, false, pad, rows, cols, stride, sourceRows,
        sourceCols, n);
  }

  /**
   * The taps of an input channel per group, from the column view (source channel = output channel, flipped
   * kernel): a stride-1 convolution's input gradient over its output gradient.
   */
  static BorderTaps ofColumns(KeptIndex idx, int k, int pad, int rows, int cols, int sourceRows, int sourceCols,
      int n) {
    int kk = k * k;
    int groups = idx.rowLength() / kk;
    int[] colStart = idx.colStart();
    int[] groupStart = new int[groups + 1];
    for (int g = 0; g <= groups; g++) {
      groupStart[g] = colStart[g * kk];
    }
    int[] tap = new int[idx.kept()];
    for (int c = 0; c < idx.rowLength(); c++) {
      for (int t = colStart[c]; t < colStart[c + 1]; t++) {
        tap[t] = c % kk;
      }
    }
    return new BorderTaps(groups, groupStart, idx.colEntries(), idx.colRows(), tap, k, true, pad, rows, cols, 1,
        sourceRows, sourceCols, n);
  }

  /** The taps {@code [lo, hi)} whose {@code base + off(u)} lies in {@code [0, size)} (empty: {@code [0, 0)}). */
  private static int[] inside(int base, int k, boolean flipped, int pad, int size) {
    int lo = k;
    int hi = 0;
    for (int u = 0; u < k; u++) {
      int p = base + (flipped ? pad - u : u - pad);
      if (p >= 0 && p < size) {
        lo = Math.min(lo, u);
        hi = u + 1;
      }
    }
    return lo < hi ? new int[] {lo, hi} : new int[] {0, 0};
  }

  private static int kind(List<int[]> kinds, int[] range) {
    for (int i = 0; i < kinds.size(); i++) {
      if (Arrays.equals(kinds.get(i), range)) {
        return i;
      }
    }
    kinds.add(range);
    return kinds.size() - 1;
  }

  /** Room for the runs of any group, row kind and segment. */
  int[] runBuffer() {
    return new int[2 * Math.max(1, k)];
  }

  /**
   * Writes the runs of group {@code g}'s taps inside for row kind {@code rowKind} and segment {@code seg} into
   * {@code out} ({@code [from, to)} pairs, indices into {@link #rel}), returns how many.
   */
  int runs(int g, int rowKind, int seg, int[] out) {
    int[] ur = rowRange[rowKind];
    int[] vr = segRange[seg];
    if (ur[0] == ur[1] || vr[0] == vr[1]) {
      return 0;
    }
    int base = g * (k * k + 1);
    if (vr[0] == 0 && vr[1] == k) {
      out[0] = tapStart[base + ur[0] * k];
      out[1] = tapStart[base + ur[1] * k];
      return 1;
    }
    int r = 0;
    for (int u = ur[0]; u < ur[1]; u++) {
      out[2 * r] = tapStart[base + u * k + vr[0]];
      out[2 * r + 1] = tapStart[base + u * k + vr[1]];
      r++;
    }
    return r;
  }

  /** Segments of a grid row. */
  int segments() {
    return segRange.length;
  }

  /** Groups. */
  int groups() {
    return groups;
  }

  /** The tap values, in tap order, from the kept values {@code w} (a buffer reused from call to call). */
  float[] values(float[] w) {
    float[] v = vals == null || vals.length != entry.length ? (vals = new float[entry.length]) : vals;
    for (int t = 0; t < entry.length; t++) {
      v[t] = w[entry[t]];
    }
    return v;
  }
}
