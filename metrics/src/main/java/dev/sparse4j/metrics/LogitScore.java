package dev.sparse4j.metrics;

import dev.sparse4j.api.Logits;
import dev.sparse4j.metrics.internal.Checks;
import java.util.List;

/** An {@link OodScore} computed from logits only (row-major {@code float[n × numClasses]}). */
public interface LogitScore extends OodScore {

  /**
   * One score per row, higher = more in-distribution.
   *
   * @throws IllegalArgumentException for empty, ragged or non-finite logits
   */
  default double[] scores(float[] logits, int numClasses) {
    int n = Checks.rows(logits, numClasses, "logits");
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = score(logits, i, numClasses);
    }
    return out;
  }

  /** The score of one row of already validated logits. */
  double score(float[] logits, int row, int numClasses);

  /** Maximum softmax probability (Hendrycks and Gimpel 2017), name {@code msp}. */
  static LogitScore msp() {
    return new Msp();
  }

  /** Maximum logit (Hendrycks et al. 2022), name {@code maxLogit}. */
  static LogitScore maxLogit() {
    return new MaxLogit();
  }

  /** Negative energy at T = 1, {@code logsumexp(z)} (Liu et al. 2020), name {@code energy}. */
  static LogitScore energy() {
    return new Energy(1.0);
  }

  /** Negative energy {@code T·logsumexp(z/T)}. */
  static LogitScore energy(double temperature) {
    return new Energy(temperature);
  }

  /** The scores {@link OodReport#of(float[], float[], int)} uses: msp, maxLogit, energy (T = 1), in that order. */
  static List<LogitScore> defaults() {
    return List.of(msp(), maxLogit(), energy());
  }

  /** Maximum softmax probability {@code max_k softmax(z)_k}. */
  record Msp() implements LogitScore {
    @Override
    public String name() {
      return "msp";
    }

    @Override
    public double score(float[] logits, int row, int numClasses) {
      return Math.exp(-LogitArrays.shiftedLogSum(logits, row, numClasses, LogitArrays.max(logits, row, numClasses)));
    }
  }

  /** Maximum logit {@code max_k z_k}. */
  record MaxLogit() implements LogitScore {
    @Override
    public String name() {
      return "maxLogit";
    }

    @Override
    public double score(float[] logits, int row, int numClasses) {
      return logits[row * numClasses + Logits.argmax(logits, row, numClasses)];
    }
  }

  /**
   * Negative free energy {@code −E(x) = T·logsumexp(z/T)}.
   *
   * @param temperature T, finite and positive
   */
  record Energy(double temperature) implements LogitScore {
    /** Validates the temperature. */
    public Energy {
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw new IllegalArgumentException("energy temperature must be finite and positive, got " + temperature);
      }
    }

    /** {@code energy} at T = 1, else {@code energy(T=…)}. */
    @Override
    public String name() {
      return temperature == 1.0 ? "energy" : "energy(T=" + temperature + ")";
    }

    @Override
    public double score(float[] logits, int row, int numClasses) {
      return temperature * LogitArrays.logSumExp(logits, row, numClasses, temperature);
    }
  }
}
