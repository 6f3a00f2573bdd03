package dev.sparse4j.tck;

import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strided 1×1 convolutions (ResNet projection shortcuts) against a float64 reference computed here, in plain Java:
 * forward logits, the weight and input gradients, and one SGD step, on networks {@code conv 1×1 → flatten → linear}
 * with 1–16 input channels, strides 2 and 3, odd and even planes, with and without padding.
 *
 * <p>Why it exists: oneDNN's AVX2 {@code jit_1x1} backward-weights kernel gives wrong weight gradients for exactly
 * this layer on channels-last data with fewer than 8 input channels (upstream oneDNN issue 6035), and every engine
 * here that runs oneDNN reaches it on an AVX2-only CPU. The backend contract runs these cases; {@code sparse4j
 * doctor} runs them on the user's CPU. JUnit-free, so both can call it.
 */
public final class StridedConvolutionCheck {
  /** Tolerance relative to the largest reference entry of the compared tensor (float32 sums of ≤ 10³ terms). */
  public static final double REL = 1e-4;

  private StridedConvolutionCheck() {}

  /**
   * One network shape.
   *
   * @param inChannels input channels (fewer than 8 is the faulty kernel's case)
   * @param outChannels convolution output channels
   * @param size input height and width
   * @param stride convolution stride (> 1)
   * @param padding convolution padding
   * @param batch examples
   */
  public record Case(int inChannels, int outChannels, int size, int stride, int padding, int batch) {
    /** Output height and width of the convolution. */
    int out() {
      return (size + 2 * padding - 1) / stride + 1;
    }

    /** The network: {@code conv} (1×1, with bias) → flatten → {@code fc} (3 classes). */
    public ModelSpec spec() {
      int features = outChannels * out() * out();
      return new ModelSpec("strided-1x1", new int[] {inChannels, size, size}, CLASSES, Sequential.of("",
          new Conv2d("conv", inChannels, outChannels, 1, stride, padding, true),
          new Flatten("flatten"),
          new Linear("fc", features, CLASSES, true)), Map.of());
    }

    @Override
    public String toString() {
      return "1×1 conv " + inChannels + "→" + outChannels + " stride " + stride + (padding > 0 ? " padding "
          + padding : "") + " on " + size + "×" + size + ", batch " + batch;
    }
  }

  private static final int CLASSES = 3;

  /** The shapes checked: 1–7 input channels (the faulty kernel's case), 8 and 16; strides 2 and 3. */
  public static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (int c = 1; c <= 8; c++) {
      cases.add(new Case(c, 16, c % 2 == 0 ? 8 : 7, 2, 0, 4));
    }
    cases.add(new Case(16, 32, 8, 2, 0, 4));
    cases.add(new Case(3, 8, 9, 3, 0, 3));
    cases.add(new Case(4, 8, 7, 2, 1, 3));
    return cases;
  }

  /**
   * Runs {@code c} on {@code backend}: logits always, the gradients and a step as far as its capabilities go.
   *
   * @return what differs from the float64 reference, naming the tensor and the worst entry (not the case or the
   *     backend); empty if all agree
   */
  public static Optional<String> check(SparseBackend backend, Case c) {
    ModelSpec spec = c.spec();
    float[] x = BackendData.inputs(c.batch() * spec.inputSize(), 17L * c.inChannels() + c.size());
    int[] y = BackendData.labels(c.batch(), CLASSES, c.inChannels());
    try (SparseModel m = backend.build(spec, 7)) {
      Map<String, float[]> state = m.state();
      Reference ref = new Reference(c, state, x, y);
      List<String> problems = new ArrayList<>();
      compare("logits", ref.logits, m.logits(x, c.batch()), problems);
      if (backend.capabilities().contains(Capability.PARAM_GRADIENTS)) {
        Map<String, float[]> g = m.parameterGradients(x, y, c.batch(), false);
        compare("gradient of conv.weight", ref.weightGradient, g.get("conv.weight"), problems);
        // The same call twice: the faulty kernel also gave two different answers for one question.
        compare("gradient of conv.weight (second call)", ref.weightGradient,
            m.parameterGradients(x, y, c.batch(), false).get("conv.weight"), problems);
      }
      if (backend.capabilities().contains(Capability.INPUT_GRADIENTS)) {
        compare("input gradient", ref.inputGradient(), m.inputGradient(x, y, c.batch(), 1.0), problems);
      }
      if (backend.capabilities().contains(Capability.TRAIN)) {
        m.setOptimizer(new OptimizerConfig(OptimizerConfig.Kind.SGD, 0, false, 0, 0.9, 0.999, 1e-8));
        m.trainStep(x, y, c.batch(), LR);
        double[] expected = new double[ref.weightGradient.length];
        float[] w = state.get("conv.weight");
        for (int i = 0; i < expected.length; i++) {
          expected[i] = w[i] - LR * ref.weightGradient[i];
        }
        compareStep(expected, w, m.state().get("conv.weight"), problems);
      }
      return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
  }

  private static final double LR = 0.5;

  private static void compare(String what, double[] expected, float[] actual, List<String> problems) {
    if (actual == null || actual.length != expected.length) {
      problems.add(what + ": expected " + expected.length + " values, got "
          + (actual == null ? "none" : actual.length));
      return;
    }
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    worst(what, expected, actual, REL * Math.max(scale, 1e-6), problems);
  }

  /** After one SGD step: the change of each weight must match the reference change. */
  private static void compareStep(double[] expected, float[] before, float[] actual, List<String> problems) {
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i] - before[i]));
    }
    worst("conv.weight after one SGD step", expected, actual, REL * Math.max(scale, 1e-6) + 1e-7, problems);
  }

  private static void worst(String what, double[] expected, float[] actual, double tolerance, List<String> problems) {
    int at = -1;
    double worst = tolerance;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      if (!(d <= worst)) {
        worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        at = i;
      }
    }
    if (at >= 0) {
      problems.add(String.format("%s[%d] is %s, the float64 reference %.8g (off by %.3g, tolerance %.3g)", what,
          at, actual[at], expected[at], worst, tolerance));
    }
  }

  /** The network in double precision: forward, mean cross-entropy, and its gradients. */
  private static final class Reference {
    final Case c;
    final double[] x;
    final double[] conv;
    final double[] convBias;
    final double[] fc;
    final double[] fcBias;
    final double[] features;
    final double[] logits;
    final double[] featureGradient;
    final double[] weightGradient;
    final int out;

    Reference(Case c, Map<String, float[]> state, float[] input, int[] labels) {
      this.c = c;
      this.out = c.out();
      x = BackendData.widen(input);
      conv = BackendData.widen(state.get("conv.weight"));
      convBias = BackendData.widen(state.get("conv.bias"));
      fc = BackendData.widen(state.get("fc.weight"));
      fcBias = BackendData.widen(state.get("fc.bias"));
      int f = c.outChannels() * out * out;
      features = new double[c.batch() * f];
      for (int n = 0; n < c.batch(); n++) {
        for (int o = 0; o < c.outChannels(); o++) {
          for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
              double sum = convBias[o];
              for (int ch = 0; ch < c.inChannels(); ch++) {
                sum += conv[o * c.inChannels() + ch] * in(n, ch, i, j);
              }
              features[n * f + (o * out + i) * out + j] = sum;
            }
          }
        }
      }
      logits = new double[c.batch() * CLASSES];
      for (int n = 0; n < c.batch(); n++) {
        for (int k = 0; k < CLASSES; k++) {
          double sum = fcBias[k];
          for (int i = 0; i < f; i++) {
            sum += fc[k * f + i] * features[n * f + i];
          }
          logits[n * CLASSES + k] = sum;
        }
      }
      // d(mean cross-entropy)/d logits = (softmax − one-hot) / batch, then back through fc.
      featureGradient = new double[features.length];
      for (int n = 0; n < c.batch(); n++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
          max = Math.max(max, logits[n * CLASSES + k]);
        }
        double total = 0;
        for (int k = 0; k < CLASSES; k++) {
          total += Math.exp(logits[n * CLASSES + k] - max);
        }
        for (int k = 0; k < CLASSES; k++) {
          double g = (Math.exp(logits[n * CLASSES + k] - max) / total - (k == labels[n] ? 1 : 0)) / c.batch();
          for (int i = 0; i < f; i++) {
            featureGradient[n * f + i] += g * fc[k * f + i];
          }
        }
      }
      weightGradient = new double[conv.length];
      for (int n = 0; n < c.batch(); n++) {
        for (int o = 0; o < c.outChannels(); o++) {
          for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
              double g = featureGradient[n * f + (o * out + i) * out + j];
              for (int ch = 0; ch < c.inChannels(); ch++) {
                weightGradient[o * c.inChannels() + ch] += g * in(n, ch, i, j);
              }
            }
          }
        }
      }
    }

    /** The input the convolution reads for output (i, j): zero in the padding. */
    private double in(int n, int ch, int i, int j) {
      int at = inputIndex(n, ch, i, j);
      return at < 0 ? 0 : x[at];
    }

    /** Where in the input output (i, j) of channel {@code ch} reads, or −1 in the padding. */
    private int inputIndex(int n, int ch, int i, int j) {
      int h = i * c.stride() - c.padding();
      int w = j * c.stride() - c.padding();
      if (h < 0 || w < 0 || h >= c.size() || w >= c.size()) {
        return -1;
      }
      return ((n * c.inChannels() + ch) * c.size() + h) * c.size() + w;
    }

    /** The gradient of the summed cross-entropy (the SPI's input gradient) = batch × that of the mean. */
    double[] inputGradient() {
      double[] g = new double[x.length];
      int f = c.outChannels() * out * out;
      for (int n = 0; n < c.batch(); n++) {
        for (int o = 0; o < c.outChannels(); o++) {
          for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
              double d = featureGradient[n * f + (o * out + i) * out + j] * c.batch();
              for (int ch = 0; ch < c.inChannels(); ch++) {
                int at = inputIndex(n, ch, i, j);
                if (at >= 0) {
                  g[at] += d * conv[o * c.inChannels() + ch];
                }
              }
            }
          }
        }
      }
      return g;
    }
  }
}
