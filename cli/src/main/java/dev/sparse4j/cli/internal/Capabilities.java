package dev.sparse4j.cli.internal;

import dev.sparse4j.api.alloc.DensityAllocator;
import dev.sparse4j.api.alloc.PrunerRatioAllocator;
import dev.sparse4j.api.prune.Pruner;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.util.List;
import java.util.Map;

/**
 * Checks, before any data is read or any model trained, that the chosen backend can do what the run asks of it,
 * so that a missing capability is one line at the start and not a failure after an hour of training.
 */
public final class Capabilities {
  // The built-in score pruners that need gradients of the loss (or of the output sum, SynFlow) w.r.t. parameters.
  // A user's pruner is not listed: if it needs more than its backend has, the backend says so when it is called.
  private static final Map<String, String> GRADIENT_PRUNERS = Map.of(
      "snip", "scores |gradient × weight| on training batches",
      "grasp", "scores the Hessian-gradient product on training batches",
      "synflow", "scores |∂R/∂w ⊙ w| of the output sum R");

  private Capabilities() {}

  /**
   * Checks {@code provider} against the allocator, the pruner and the evaluation settings.
   *
   * @param pruner the pruner, or {@code null} for a dense run
   * @throws CliException naming the missing capability, what needs it, how to do without it and the backends that
   *     have it
   */
  public static void check(BackendRegistry registry, SparseBackendProvider provider, DensityAllocator allocator,
      Pruner pruner, EvalSettings eval) {
    if (allocator instanceof PrunerRatioAllocator r && GRADIENT_PRUNERS.containsKey(r.pruner().name())) {
      require(registry, provider, Capability.PARAM_GRADIENTS, "allocator '" + r.name() + "' (its pruner '"
          + r.pruner().name() + "' " + GRADIENT_PRUNERS.get(r.pruner().name()) + ")",
          "choose an allocator that needs no model, e.g. --allocator erk");
    }
    if (pruner != null && GRADIENT_PRUNERS.containsKey(pruner.name())) {
      require(registry, provider, Capability.PARAM_GRADIENTS, "pruner '" + pruner.name() + "' (it "
          + GRADIENT_PRUNERS.get(pruner.name()) + ")", "use --pruner random or magnitude");
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
    throw new CliException("backend '" + provider.id() + "' does not support " + capability + ", which " + user
        + " needs; " + without + ", or use a backend that supports it: "
        + (with.isEmpty() ? "none is installed (add dev.sparse4j:backend-djl for djl-pytorch)"
            : String.join(", ", with)));
  }
}
