package dev.sparse4j.backend.sparse.internal;
import java.util.*;
/**
 * Which sparse convolution wins on the vector layout (a measuring tool, not a test): the direct kernel of
 * {@link PackedOps} against im2col — each block of 4 output positions' input windows copied into columns — followed
 * by the sparse-rows linear kernel, one thread, one group of {@code LANES} examples, 3×3 stride 1 padding 1. Run it
 * from the repository root after {@code mvn -pl backend-sparse test-compile}:
 *
 * <pre>{@code
 * mvn -q -pl backend-sparse dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-modules jdk.incubator.vector -cp "backend-sparse/target/test-classes:backend-sparse/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.sparse4j.backend.sparse.internal.ConvAlgorithmProbe 16 16 28 0.283     # in, out channels, plane, density
 * }</pre>
 *
 * <p>Measured (ResNet-20 ERK-90 % layer shapes): direct 2.4–2.6× faster (16→16 28×28 at 0.283: 0.42 vs 0.99 ms;
 * 32→32 14×14 at 0.13: 0.21 vs 0.52 ms; 64→64 7×7 at 0.062: 0.11 vs 0.28 ms), and 1.35× at density 1.
 */
public class ConvAlgorithmProbe {
  private ConvAlgorithmProbe() {}

  /** Arguments: input channels, output channels, plane size, density. */
  public static void main(String[] a) {
    int cin = Integer.parseInt(a[0]), cout = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]); double dens = Double.parseDouble(a[3]);
    int L = VectorKernels.LANES, k = 3, kk = 9, row = cin * kk, B = 1, hp = h + 2, wp = h + 2, oh = h, ow = h;
    Random r = new Random(1);
    float[] w = new float[cout * row]; for (int i = 0; i < w.length; i++) if (r.nextDouble() < dens) w[i] = r.nextFloat() - 0.5f;
    Kernels.Rows rows = Kernels.Rows.sparse(cout, row, w);
    PackedOps ops = new PackedOps(1);
    OpSet.Op<PackedOps.PAct> conv = ops.conv(3, 1, 1, cout, rows, new float[cout], true);
    float[] x = new float[cin * hp * wp * L]; 
    for (int c = 0; c < cin; c++) for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) for (int l = 0; l < L; l++) x[((c * hp + i + 1) * wp + j + 1) * L + l] = r.nextFloat();
    PackedOps.PAct in = new PackedOps.PAct(x, L, 1, L, new int[] {cin, h, h});
    OpSet.Run run = new OpSet.Run(null, new Buffers());
    // im2col: blocks of 4 output positions -> cols [row][4*L]
    int W = 4 * L; int blocks = (oh * ow + 3) / 4;
    float[] cols = new float[row * W]; float[] y = new float[cout * W]; float[] out = new float[cout * oh * ow * L];
    int[] ptr = rows.start(); 
    Runnable im2col = () -> {
      for (int bl = 0; bl < blocks; bl++) {
        for (int t = 0; t < 4; t++) {
          int q = Math.min(bl * 4 + t, oh * ow - 1); int i = q / ow, j = q % ow;
          for (int c = 0; c < row; c++) {
            int ci = c / kk, kh = (c % kk) / k, kw = c % k;
            System.arraycopy(x, ((ci * hp + i + kh) * wp + j + kw) * L, cols, c * W + t * L, L);
          }
        }
        VectorKernels.linearTiledRows(cols, 0, 1, cout, ptr, rows.cols(), rows.vals(), null, true, y, 0, 0, cout);
        for (int o = 0; o < cout; o++) for (int t = 0; t < 4; t++) { int q = bl * 4 + t; if (q < oh * ow) System.arraycopy(y, o * W + t * L, out, (o * oh * ow + q) * L, L); }
      }
    };
    double[] ms = new double[2];
    for (int round = 0; round < 4; round++) for (int v = 0; v < 2; v++) {
      long t0 = System.nanoTime(); int n = 0;
      while (System.nanoTime() - t0 < 5e8) { if (v == 0) { run.buffers().reset(); conv.apply(in, run); } else im2col.run(); n++; }
      ms[v] = (System.nanoTime() - t0) / 1e6 / n;
    }
    double macs = (double) rows.cols().length * oh * ow * L;
    System.out.printf("%d→%d %dx%d density %.3f, %d examples, 1 thread: direct %.3f ms (%.1f GMAC/s), im2col+sparse rows %.3f ms (%.1f GMAC/s)%n",
        cin, cout, h, h, dens, L, ms[0], macs / ms[0] / 1e6, ms[1], macs / ms[1] / 1e6);
  }
}
