package dev.sparse4j.api;

/**
 * The one arg-max of sparse4j: the class a row of logits predicts, and how many rows predict their label. The
 * training loop's per-epoch accuracy, the backends' training-step accuracy, the final evaluation and the attacks all
 * call it, so they agree on every input.
 *
 * <p>Logits are row-major: row {@code i} of {@code n × classes} logits is {@code logits[i·classes … (i+1)·classes)}.
 *
 * <p><b>Rule</b> (that of {@code torch.argmax} and {@code numpy.argmax}): the prediction is the index of the largest
 * logit, and
 * <ul>
 *   <li>ties go to the lowest index ({@code [1, 3, 3]} → 1);</li>
 *   <li>NaN counts as larger than everything: a row with a NaN predicts its <i>first</i> NaN ({@code [5, NaN, NaN]}
 *       → 1; an all-NaN row → 0);</li>
 *   <li>infinities compare as numbers: {@code +∞} beats every finite value, and an all-{@code −∞} row → 0.</li>
 * </ul>
 * So a diverged model whose logits are all NaN predicts class 0 everywhere, as it would in PyTorch.
 */
public final class Logits {
  private Logits() {}

  /**
   * The predicted class of row {@code row}: the index of its largest logit, under the rule above.
   *
   * @param logits row-major logits
   * @param row the row, from 0
   * @param classes logits per row, ≥ 1
   * @return an index in {@code [0, classes)}
   * @throws IllegalArgumentException if {@code classes < 1}, {@code row < 0} or the row lies beyond the array
   */
  public static int argmax(float[] logits, int row, int classes) {
    int off = offset(logits, row, classes);
    int best = 0;
    float max = logits[off];
    if (Float.isNaN(max)) {
      return 0;
    }
    for (int c = 1; c < classes; c++) {
      float z = logits[off + c];
      if (Float.isNaN(z)) {
        return c;
      }
      if (z > max) {
        best = c;
        max = z;
      }
    }
    return best;
  }

  /**
   * How many of the first {@code rows} rows predict their label ({@link #argmax} equals {@code labels[i]}).
   *
   * @param logits row-major logits, at least {@code rows × classes} values
   * @param classes logits per row, ≥ 1
   * @param labels one label per row, at least {@code rows} of them
   * @param rows how many rows to count, ≥ 0
   * @throws IllegalArgumentException if the arrays are shorter than {@code rows} rows or {@code classes < 1}
   */
  public static int correct(float[] logits, int classes, int[] labels, int rows) {
    if (rows < 0 || labels.length < rows) {
      throw new IllegalArgumentException("cannot count " + rows + " rows against " + labels.length + " labels");
    }
    int hits = 0;
    for (int i = 0; i < rows; i++) {
      if (argmax(logits, i, classes) == labels[i]) {
        hits++;
      }
    }
    return hits;
  }

  private static int offset(float[] logits, int row, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be ≥ 1, got " + classes);
    }
    long off = (long) row * classes;
    if (row < 0 || off + classes > logits.length) {
      throw new IllegalArgumentException("row " + row + " of " + classes + " logits lies outside an array of "
          + logits.length + " logits");
    }
    return (int) off;
  }
}
