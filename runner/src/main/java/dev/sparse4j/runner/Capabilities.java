package dev.sparse4j.runner;

import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.dst.TopologyUpdater;
import java.util.List;

/**
 * Checks, before any data is read or any model trained, that the chosen backend can do what the run asks of it,
 * so that a missing capability is one line at the start and not a failure after an hour of training.
 */
public final class Capabilities {
  private Capabilities() {}

  /**
   * Checks that {@code provider} can train, and checks it against what the allocator and the pruner declare they need
   * ({@code requiredCapabilities()}, built-in or a user's) and against the evaluation settings.
   *
   * @param pruner the pruner, or {@code null} for a dense run
   * @throws RunException naming the missing capability, what needs it, how to do without it and the backends that
   *     have it
   */
  public static void check(BackendRegistry registry, SparseBackendProvider provider, DensityAllocator allocator,
      Pruner pruner, EvalSettings eval) {
    check(registry, provider, allocator, pruner, null, eval);
  }

  /**
   * The same, and against what the topology updater of dynamic sparse training needs (RigL: gradients).
   *
   * @param updater the topology updater, or {@code null} for static sparse training
   */
  public static void check(BackendRegistry registry, SparseBackendProvider provider, DensityAllocator allocator,
      Pruner pruner, TopologyUpdater updater, EvalSettings eval) {
    // First: a backend that cannot train at all — asking for gradients to skip would mislead.
    require(registry, provider, Capability.TRAIN, "training",
        "evaluate a trained run on it instead (sparse4j eval --backend " + provider.id() + " --run DIR)");
    for (Capability c : allocator.requiredCapabilities()) {
      require(registry, provider, c, "allocator '" + allocator.name() + "' (" + allocator.description() + ")",
          "choose an allocator that needs no model, e.g. --allocator erk");
    }
    if (pruner != null) {
      for (Capability c : pruner.requiredCapabilities()) {
        require(registry, provider, c, "pruner '" + pruner.name() + "' (" + pruner.description() + ")",
            "use --pruner random or magnitude");
      }
    }
    if (updater != null) {
      for (Capability c : updater.requiredCapabilities()) {
        require(registry, provider, c, "topology updater '" + updater.name() + "' (" + updater.description() + ")",
            "use --dst set (it needs nothing of the backend) or --dst static");
      }
    }
    checkEval(registry, provider, eval);
  }

  /** Checks that {@code provider} can compute what {@code eval} asks for (input gradients for attacks and ODIN). */
  public static void checkEval(BackendRegistry registry, SparseBackendProvider provider, EvalSettings eval) {
    if (!eval.needs().isEmpty()) {
      require(registry, provider, Capability.INPUT_GRADIENTS, eval.gradientUsers(),
          "add " + eval.gradientFlags() + " to skip " + (eval.robustness() && eval.odin() ? "them" : "it"));
    }
  }

  private static void require(BackendRegistry registry, SparseBackendProvider provider, Capability capability,
      String user, String without) {
    if (provider.capabilities().contains(capability)) {
      return;
    }
    List<String> with = registry.idsWith(capability);
    throw new RunException("backend '" + provider.id() + "' does not support " + capability + ", which " + user
        + " needs; " + without + ", or use a backend that supports it: "
        + (with.isEmpty() ? "none is installed (add dev.sparse4j:backend-djl-pytorch for djl-pytorch)"
            : String.join(", ", with)));
  }
}
