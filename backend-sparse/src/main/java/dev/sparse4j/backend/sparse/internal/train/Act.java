package dev.sparse4j.backend.sparse.internal.train;

/**
 * An activation of a whole batch, feature-major: value {@code (example b, feature f)} at {@code f · batch + b},
 * where features are numbered row-major in the canonical per-example shape ({@code [C, H, W]} or {@code [F]}). A
 * channel of an image is then one contiguous block of {@code H·W·batch} floats, and a kept weight multiplies the
 * contiguous run of all examples of one input position.
 *
 * @param v the values
 * @param shape the per-example shape
 * @param batch examples
 */
record Act(float[] v, int[] shape, int batch) {
  /** Values per example. */
  int features() {
    return v.length / batch;
  }

  /** An example-major {@code [batch, features]} array as an activation. */
  static Act ofExampleMajor(float[] x, int[] shape, int batch) {
    return new Act(transpose(x, batch, x.length / batch), shape, batch);
  }

  /** This activation example-major ({@code [batch, features]}). */
  float[] exampleMajor() {
    return transpose(v, features(), batch);
  }

  /** {@code [rows, cols]} to {@code [cols, rows]}. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }
}
