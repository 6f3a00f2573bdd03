package dev.sparse4j.backend.sparse.internal.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The kept taps of a convolution, arranged so that each position of a grid goes over just the taps that land inside
 * the unpadded source plane: the convolution reads its source as it is, with no padded copy (which cost a read and a
 * write of every activation, twice a layer, ~9 % of a ResNet-20 step), and writes each output once.
 *
 * <p>Position {@code (i, j)} of a {@code rows × cols} grid reads source position {@code (i·stride + rowOff[u],
 * j·stride + colOff[v])} for tap {@code (u, v)}, and writes destination position {@code (row0 + i·step, col0 +
 * j·step)}: the forward pass and weight gradient ({@link #ofRows}: {@code off(u) = u − pad}), or one phase of the
 * input gradient ({@link #ofPhase}: the input positions {@code ≡ (pr, pc) mod stride} read the output gradient at
 * {@code off(u) = (pr + pad − u) / stride} for the taps where that divides). The taps inside form a range of the
 * phase's {@code u}s per grid row and of its {@code v}s per grid column. Each group's taps (an output channel's
 * forward, an input channel's for the input gradient) are stored tap-major — by {@code (u, v)}, then source channel —
 * so the taps of a row range and a column range are at most one contiguous run per {@code u} ({@link #runs}), one in
 * all for a whole row of {@code v}s: the interior's every tap is one run. Per tap, {@link #rel} is its offset from
 * the position's source base and {@link #entry} its index into the weight's kept values: two ints and a float per
 * kept weight, whatever the number of border kinds.
 */
final class BorderTaps {
  /** An offset for a tap outside this phase. */
  private static final int NONE = Integer.MIN_VALUE;

  /** How many {@code u}s and {@code v}s the phase has (all {@code k} outside a strided input gradient). */
  private final int nu;
  private final int nv;
  /** Per group, where each tap (indices a, b into the phase's us and vs) starts: {@code [g·(nu·nv + 1) + a·nv + b]}. */
  private final int[] tapStart;
  /** Per tap, its source offset and its kept entry. */
  final int[] rel;
  final int[] entry;
  /** Per grid row, its row kind; per row kind, the range of the phase's {@code u}s inside. */
  final int[] rowKind;
  private final int[][] rowRange;
  /** Column segments: columns {@code segFrom[s]} to {@code segFrom[s + 1]} share the range {@code segRange[s]}. */
  final int[] segFrom;
  private final int[][] segRange;
  /** Source base and destination offset of each grid position, row-major. */
  final int[] srcPos;
  final int[] dstPos;
  private float[] vals;

  /** Where a grid's positions read and write (see the class comment). */
  private record Geometry(int rows, int cols, int stride, int sourceRows, int sourceCols, int row0, int col0, int step,
      int destCols, int n) {}

  /**
   * @param groupStart the taps of group {@code g} lie between {@code groupStart[g]} and {@code groupStart[g + 1]}
   *     of the tap arrays; taps whose {@code u} or {@code v} has no offset are left out
   * @param ent per tap, its kept entry
   * @param channel per tap, its source channel
   * @param tap per tap, its kernel position {@code u·k + v}
   */
  private BorderTaps(int groups, int[] groupStart, int[] ent, int[] channel, int[] tap, int k, int[] rowOff,
      int[] colOff, Geometry g) {
    int[] us = phaseTaps(rowOff);
    int[] vs = phaseTaps(colOff);
    int[] uIndex = indexOf(us, k);
    int[] vIndex = indexOf(vs, k);
    nu = us.length;
    nv = vs.length;
    int keys = nu * nv;
    tapStart = new int[groups * (keys + 1)];
    int kept = 0;
    for (int gr = 0; gr < groups; gr++) {
      int base = gr * (keys + 1);
      for (int t = groupStart[gr]; t < groupStart[gr + 1]; t++) {
        int a = uIndex[tap[t] / k];
        int b = vIndex[tap[t] % k];
        if (a >= 0 && b >= 0) {
          tapStart[base + a * nv + b + 1]++;
          kept++;
        }
      }
    }
    rel = new int[kept];
    entry = new int[kept];
    int[] fill = new int[keys];
    int at = 0;
    for (int gr = 0; gr < groups; gr++) {
      // Counting sort by tap, stable, so each tap's source channels keep their order.
      int base = gr * (keys + 1);
      tapStart[base] = at;
      for (int p = 0; p < keys; p++) {
        tapStart[base + p + 1] += tapStart[base + p];
        fill[p] = tapStart[base + p];
      }
      at = tapStart[base + keys];
      for (int t = groupStart[gr]; t < groupStart[gr + 1]; t++) {
        int u = tap[t] / k;
        int v = tap[t] % k;
        if (uIndex[u] >= 0 && vIndex[v] >= 0) {
          int to = fill[uIndex[u] * nv + vIndex[v]]++;
          rel[to] = ((channel[t] * g.sourceRows() + rowOff[u]) * g.sourceCols() + colOff[v]) * g.n();
          entry[to] = ent[t];
        }
      }
    }
    List<int[]> kinds = new ArrayList<>();
    rowKind = new int[g.rows()];
    for (int i = 0; i < g.rows(); i++) {
      rowKind[i] = kind(kinds, inside(i * g.stride(), us, rowOff, g.sourceRows()));
    }
    rowRange = kinds.toArray(new int[0][]);
    List<Integer> from = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    for (int j = 0; j < g.cols(); j++) {
      int[] range = inside(j * g.stride(), vs, colOff, g.sourceCols());
      if (ranges.isEmpty() || !Arrays.equals(ranges.get(ranges.size() - 1), range)) {
        from.add(j);
        ranges.add(range);
      }
    }
    from.add(g.cols());
    segFrom = from.stream().mapToInt(Integer::intValue).toArray();
    segRange = ranges.toArray(new int[0][]);
    srcPos = new int[g.rows() * g.cols()];
    dstPos = new int[g.rows() * g.cols()];
    for (int i = 0, q = 0; i < g.rows(); i++) {
      for (int j = 0; j < g.cols(); j++, q++) {
        srcPos[q] = (i * g.stride() * g.sourceCols() + j * g.stride()) * g.n();
        dstPos[q] = ((g.row0() + i * g.step()) * g.destCols() + g.col0() + j * g.step()) * g.n();
      }
    }
  }

  /**
   * The taps of an output channel per group (its kept entries): the forward pass and the weight gradient over the
   * {@code rows × cols} output grid.
   */
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
    int[] off = new int[k];
    for (int u = 0; u < k; u++) {
      off[u] = u - pad;
    }
    return new BorderTaps(idx.rows(), idx.start(), ent, channel, tap, k, off, off,
        new Geometry(rows, cols, stride, sourceRows, sourceCols, 0, 0, 1, cols, n));
  }

  /**
   * The taps of an input channel per group (from the column view: the source channel is the output channel) for
   * the input positions {@code (pr + stride·i, pc + stride·j)} of an {@code h × w} input whose convolution gave
   * an {@code oh × ow} output; null when no input position has that phase. A stride-1 convolution has one phase,
   * {@code (0, 0)}: the flipped kernel over the output gradient.
   */
  static BorderTaps ofPhase(KeptIndex idx, int k, int pad, int stride, int pr, int pc, int h, int w, int oh, int ow,
      int n) {
    int rows = (h - pr + stride - 1) / stride;
    int cols = (w - pc + stride - 1) / stride;
    if (rows <= 0 || cols <= 0) {
      return null;
    }
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
    return new BorderTaps(groups, groupStart, idx.colEntries(), idx.colRows(), tap, k,
        phaseOffsets(k, pad, stride, pr), phaseOffsets(k, pad, stride, pc),
        new Geometry(rows, cols, 1, oh, ow, pr, pc, stride, w, n));
  }

  /**
   * Input row {@code p + stride·i} takes tap {@code u} from output row {@code i + (p + pad − u) / stride} where
   * that divides: the offset per {@code u}, or {@link #NONE}.
   */
  private static int[] phaseOffsets(int k, int pad, int stride, int p) {
    int[] off = new int[k];
    for (int u = 0; u < k; u++) {
      off[u] = Math.floorMod(p + pad - u, stride) == 0 ? Math.floorDiv(p + pad - u, stride) : NONE;
    }
    return off;
  }

  private static int[] indexOf(int[] taps, int k) {
    int[] index = new int[k];
    Arrays.fill(index, -1);
    for (int a = 0; a < taps.length; a++) {
      index[taps[a]] = a;
    }
    return index;
  }

  /** The taps with an offset, in the order of {@code u}. */
  private static int[] phaseTaps(int[] off) {
    return IntStream.range(0, off.length).filter(u -> off[u] != NONE).toArray();
  }

  /**
   * The range {@code [lo, hi)} of indices into {@code us} whose {@code base + off[u]} lies in {@code [0, size)}
   * ({@code [0, 0)} when none does); a range, since the offsets are monotone in {@code u}.
   */
  private static int[] inside(int base, int[] us, int[] off, int size) {
    int lo = us.length;
    int hi = 0;
    for (int a = 0; a < us.length; a++) {
      int p = base + off[us[a]];
      if (p >= 0 && p < size) {
        lo = Math.min(lo, a);
        hi = a + 1;
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
    return new int[2 * Math.max(1, nu)];
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
    int base = g * (nu * nv + 1);
    if (vr[0] == 0 && vr[1] == nv) {
      out[0] = tapStart[base + ur[0] * nv];
      out[1] = tapStart[base + ur[1] * nv];
      return 1;
    }
    int r = 0;
    for (int a = ur[0]; a < ur[1]; a++) {
      out[2 * r] = tapStart[base + a * nv + vr[0]];
      out[2 * r + 1] = tapStart[base + a * nv + vr[1]];
      r++;
    }
    return r;
  }

  /** Segments of a grid row. */
  int segments() {
    return segRange.length;
  }

  /** Grid rows. */
  int rows() {
    return rowKind.length;
  }

  /** Grid columns. */
  int cols() {
    return segFrom[segFrom.length - 1];
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
