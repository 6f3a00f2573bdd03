package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels against the TCK's double-precision dense reference on 40 seeded random shapes: convolutions of 1–6 to
 * 1–20 channels, kernel 1, 3 or 5, stride 1 or 2, any padding up to half the kernel, planes of up to 12×12 and
 * wide ones of up to 12×40 (so output widths that fill no tile, part of one, or several; rows of one, two or three
 * vectors), with or without bias, batch-norm and ReLU, then a
 * linear layer whose input is sometimes wide enough for column tiles; densities 0 (every row empty), 0.001 (nearly),
 * 0.05, 0.3 and 1; batches of 1 to 70 on scalar kernels, vector kernels, and vector kernels with every layer dense,
 * and 1–3 examples on {@code kernels=auto} (a thread per example, vectors along the output rows of stride-1
 * convolutions).
 */
class RandomShapesTest {
  @Test
  void randomShapesAndDensitiesMatchTheReference() {
    SplittableRandom r = new SplittableRandom(42);
    double[] densities = {0.0, 0.001, 0.05, 0.3, 1.0};
    List<Map<String, String>> configs = List.of(Map.of("threads", "2", "kernels", "scalar"),
        Map.of("threads", "2", "kernels", "vector"),
        Map.of("threads", "2", "kernels", "vector", "dense-threshold", "0"),
        Map.of("threads", "2", "kernels", "auto"));
    List<SparseBackend> backends = new ArrayList<>();
    try {
      for (Map<String, String> c : configs) {
        backends.add(new SparseCpuProvider().create(new BackendOptions(c)));
      }
      for (int n = 0; n < 40; n++) {
        ModelSpec spec = randomSpec(r, n);
        double density = densities[r.nextInt(densities.length)];
        int batched = 1 + r.nextInt(70);
        MaskSet masks = density == 1.0 ? MaskSet.empty() : density == 0.0 ? nothingKept(spec)
            : BackendData.masks(spec.prunable(), density, n);
        for (int b = 0; b < backends.size(); b++) {
          // auto: 1–3 examples, which it leaves to the example-major family (a thread per example from 2).
          int batch = configs.get(b).get("kernels").equals("auto") ? 1 + n % 3 : batched;
          float[] x = BackendData.inputs(batch * spec.inputSize(), n);
          try (SparseModel m = backends.get(b).build(spec, n)) {
            m.applyMasks(masks);
            double[] expected = BackendReference.logits(spec, m.state(), x, batch);
            float[] actual = m.logits(x, batch);
            for (int i = 0; i < expected.length; i++) {
              if (Math.abs(expected[i] - actual[i]) > 1e-4 + 1e-4 * Math.abs(expected[i])) {
                fail("case " + n + " " + describe(spec) + " density " + density + " batch " + batch + " "
                    + configs.get(b) + " logits[" + i + "]: reference " + expected[i] + " vs " + actual[i]);
              }
            }
          }
        }
      }
    } finally {
      backends.forEach(SparseBackend::close);
    }
  }

  /** Every prunable weight pruned: every row of every layer empty, the logits are the biases' path alone. */
  private static MaskSet nothingKept(ModelSpec spec) {
    Map<String, Mask> masks = new java.util.LinkedHashMap<>();
    for (ParamSpec p : spec.prunable()) {
      masks.put(p.name(), Mask.ofBooleans(p.shape(), new boolean[p.numel()]));
    }
    return MaskSet.of(masks);
  }

  private static ModelSpec randomSpec(SplittableRandom r, int n) {
    // One case in four is a wide, shallow plane (17–40 columns: rows of two and more vectors), few channels.
    boolean wide = r.nextInt(4) == 0;
    int cin = 1 + r.nextInt(wide ? 2 : 6);
    int cout = 1 + r.nextInt(wide ? 4 : 20);
    int k = new int[] {1, 3, 5}[r.nextInt(3)];
    int stride = 1 + r.nextInt(2);
    int pad = r.nextInt(k / 2 + 1);
    int h = k + r.nextInt(13 - k);
    int w = wide ? 17 + r.nextInt(24) : k + r.nextInt(13 - k);
    int oh = (h + 2 * pad - k) / stride + 1;
    int ow = (w + 2 * pad - k) / stride + 1;
    int classes = 2 + r.nextInt(9);
    List<Layer> layers = new ArrayList<>();
    layers.add(new Conv2d("conv", cin, cout, k, stride, pad, r.nextBoolean()));
    if (r.nextBoolean()) {
      layers.add(BatchNorm2d.of("bn", cout));
    }
    if (r.nextBoolean()) {
      layers.add(new Relu("relu"));
    }
    layers.add(new Flatten("flatten"));
    layers.add(new Linear("fc", cout * oh * ow, classes, r.nextBoolean()));
    return new ModelSpec("random-" + n, new int[] {cin, h, w}, classes, Sequential.of("", layers.toArray(
        new Layer[0])), Map.of());
  }

  private static String describe(ModelSpec spec) {
    StringBuilder s = new StringBuilder("input ").append(java.util.Arrays.toString(spec.inputShape()));
    spec.walk((path, layer) -> {
      if (!(layer instanceof Sequential)) {
        s.append(' ').append(layer);
      }
    });
    return s.toString();
  }
}
