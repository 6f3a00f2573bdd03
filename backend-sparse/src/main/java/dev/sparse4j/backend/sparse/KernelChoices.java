package dev.sparse4j.backend.sparse;

import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.backend.sparse.internal.SparseCpuModel;
import java.util.List;

/** What {@code sparse-cpu} runs for each layer of a model. */
public final class KernelChoices {
  private KernelChoices() {}

  /**
   * One line per conv and linear layer: its shape, what was folded or fused into it, the kernel (sparse rows or
   * dense) and its density, e.g. {@code layer1.0.conv1 3×3 conv 16→16 + BN folded + ReLU: sparse rows, density 0.175}.
   *
   * @throws IllegalArgumentException if {@code model} was not built by {@code sparse-cpu}
   */
  public static List<String> of(SparseModel model) {
    if (!(model instanceof SparseCpuModel m)) {
      throw new IllegalArgumentException("model of backend '" + model.backendId() + "' is not a sparse-cpu model");
    }
    return m.kernelChoices();
  }
}
