package dev.sparse4j.metrics.robustness;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.data.Batches;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.metrics.internal.ModelCalls;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures adversarial robustness: the accuracy of a {@link SparseModel} on the first examples of a test set under
 * an {@link Attack}, at each radius of a list (a robustness curve), in batches, through the SPI only (any backend
 * with {@link dev.sparse4j.api.spi.Capability#INPUT_GRADIENTS}).
 *
 * <pre>{@code
 * RobustnessEvaluator eval = new RobustnessEvaluator();             // 2,000 examples, batches of 250, seed 0
 * List<Double> eps = List.of(0.0, 2 / 255.0, 4 / 255.0, 8 / 255.0);
 * RobustnessCurve fgsm = eval.evaluate(model, test, new Fgsm(), eps);
 * RobustnessCurve pgd = eval.evaluate(model, test, Pgd.linf(), eps);  // 10 steps, α = ε/4, random start
 * double acc = pgd.accuracyAt(8 / 255.0);
 * }</pre>
 *
 * <p>The examples are attacked with their true labels in evaluation mode; an example counts as robust if the model
 * still predicts its label on the adversarial input ({@link dev.sparse4j.api.Logits#argmax}). Every example is
 * attacked, including those already misclassified. Results depend on the seed, not on the batch size (see
 * {@link Attack}).
 *
 * <p>Stateless apart from its settings; the model is not thread-safe, so evaluate one model on one thread.
 */
public final class RobustnessEvaluator {
  /** Examples per attack batch unless set otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 250;
  /** Test examples evaluated unless set otherwise (attacks are costly: PGD takes 10 gradients per example). */
  public static final int DEFAULT_EXAMPLES = 2000;
  /** Pass as {@code maxExamples} to evaluate the whole test set. */
  public static final int ALL_EXAMPLES = Integer.MAX_VALUE;

  private static final Logger LOG = LoggerFactory.getLogger(RobustnessEvaluator.class);

  private final int batchSize;
  private final int maxExamples;
  private final long seed;

  /** Batches of {@value #DEFAULT_BATCH_SIZE}, the first {@value #DEFAULT_EXAMPLES} examples, seed 0. */
  public RobustnessEvaluator() {
    this(DEFAULT_BATCH_SIZE, DEFAULT_EXAMPLES, 0);
  }

  /**
   * An evaluator with the given settings.
   *
   * @param batchSize examples per model call, ≥ 1
   * @param maxExamples how many test examples (from the first) to evaluate, ≥ 1; {@link #ALL_EXAMPLES} for all
   * @param seed root seed of the attacks' random starts
   * @throws IllegalArgumentException if {@code batchSize} or {@code maxExamples} is below 1
   */
  public RobustnessEvaluator(int batchSize, int maxExamples, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("attack batch size must be ≥ 1, got " + batchSize);
    }
    if (maxExamples < 1) {
      throw new IllegalArgumentException("number of examples to attack must be ≥ 1 (ALL_EXAMPLES for all), got "
          + maxExamples);
    }
    this.batchSize = batchSize;
    this.maxExamples = maxExamples;
    this.seed = seed;
  }

  /** Examples per model call. */
  public int batchSize() {
    return batchSize;
  }

  /** The most test examples evaluated. */
  public int maxExamples() {
    return maxExamples;
  }

  /** Root seed of the random starts. */
  public long seed() {
    return seed;
  }

  /**
   * Accuracy under {@code attack} at each radius of {@code epsilons}.
   *
   * @param model the trained model (evaluation mode is used throughout)
   * @param test the test set, pixels in [0, 1]; its first {@code min(maxExamples, size)} examples are evaluated
   * @param attack the attack
   * @param epsilons the radii, each finite and ≥ 0, at least one; evaluated in the given order
   * @return the curve, one point per ε
   * @throws IllegalArgumentException for an empty or bad ε list, a test set that does not fit the model, or pixels
   *     outside [0, 1]
   * @throws dev.sparse4j.api.spi.UnsupportedCapabilityException if the backend has no input gradients
   */
  public RobustnessCurve evaluate(SparseModel model, Dataset test, Attack attack, List<Double> epsilons) {
    Objects.requireNonNull(attack, "attack");
    double[] eps = checkEpsilons(epsilons);
    int n = checkData(model, test);
    long start = System.nanoTime();
    int[] correct = {0};
    Batches.forEach(n, batchSize, (from, count) ->
        correct[0] += correct(model, test.pixels(from, count), labels(test, from, count), count));
    double clean = (double) correct[0] / n;
    List<RobustnessPoint> points = new ArrayList<>();
    for (double e : eps) {
      int[] robust = {0};
      Batches.forEach(n, batchSize, (from, count) -> {
        int[] y = labels(test, from, count);
        float[] adv = attack.perturb(model, test.pixels(from, count), y, count, e, seed, from);
        robust[0] += correct(model, adv, y, count);
      });
      points.add(new RobustnessPoint(e, attack.steps(), attack.alpha(e), (double) robust[0] / n));
      LOG.debug("{} ε = {}: accuracy {} on {} examples", attack.name(), e, (double) robust[0] / n, n);
    }
    RobustnessCurve curve = new RobustnessCurve(attack.name(), attack.norm(), n, clean, seed, points);
    LOG.info("{} on {} ({} examples, {} radii): clean accuracy {}, under attack {} in {} s", attack.name(),
        model.spec().name(), n, eps.length, clean, points.stream().map(RobustnessPoint::accuracy).toList(),
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return curve;
  }

  /**
   * One curve per attack, keyed by {@link Attack#name()} in the given order.
   *
   * @throws IllegalArgumentException if no attack is given or two share a name
   */
  public Map<String, RobustnessCurve> evaluate(SparseModel model, Dataset test, List<? extends Attack> attacks,
      List<Double> epsilons) {
    if (attacks == null || attacks.isEmpty()) {
      throw new IllegalArgumentException("no attack given; e.g. List.of(new Fgsm(), Pgd.linf())");
    }
    checkEpsilons(epsilons);
    checkData(model, test);
    Map<String, RobustnessCurve> out = new LinkedHashMap<>();
    for (Attack a : attacks) {
      if (out.containsKey(Objects.requireNonNull(a, "attack").name())) {
        throw new IllegalArgumentException("two attacks are named '" + a.name() + "'");
      }
      out.put(a.name(), evaluate(model, test, a, epsilons));
    }
    return out;
  }

  private static double[] checkEpsilons(List<Double> epsilons) {
    if (epsilons == null || epsilons.isEmpty()) {
      throw new IllegalArgumentException("no attack radius ε given; pass at least one, e.g. List.of(8 / 255.0)");
    }
    double[] out = new double[epsilons.size()];
    for (int i = 0; i < out.length; i++) {
      Double e = epsilons.get(i);
      if (e == null) {
        throw new IllegalArgumentException("attack radius ε at index " + i + " is null");
      }
      AttackChecks.eps(e);
      out[i] = e;
    }
    return out;
  }

  /** Validates the evaluated part of the test set and returns its size. */
  private int checkData(SparseModel model, Dataset test) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(test, "test set");
    if (test.size() == 0) {
      throw new IllegalArgumentException("test set '" + test.name() + "' is empty");
    }
    int per = model.spec().inputSize();
    if (test.exampleSize() != per) {
      throw new IllegalArgumentException("test set '" + test.name() + "' has examples of shape "
          + Arrays.toString(test.shape()) + " but model '" + model.spec().name() + "' takes "
          + Arrays.toString(model.spec().inputShape()));
    }
    if (test.numClasses() > model.spec().numClasses()) {
      throw new IllegalArgumentException("test set '" + test.name() + "' has " + test.numClasses()
          + " classes but model '" + model.spec().name() + "' has only " + model.spec().numClasses() + " outputs");
    }
    int n = Math.min(maxExamples, test.size());
    if (!test.isUint8()) { // bytes are always pixels in [0, 1]
      ModelCalls.checkValues(test.pixels(), 0, n * per, per, 0, true);
    }
    return n;
  }

  private static int[] labels(Dataset d, int from, int count) {
    return Arrays.copyOfRange(d.labels(), from, from + count);
  }

  private static int correct(SparseModel model, float[] x, int[] y, int count) {
    float[] z = ModelCalls.logits(model, x, count);
    return Logits.correct(z, model.spec().numClasses(), y, count);
  }
}
