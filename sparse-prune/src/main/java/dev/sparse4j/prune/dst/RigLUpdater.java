package dev.sparse4j.prune.dst;

import dev.sparse4j.api.spi.Capability;
import java.util.Set;

/**
 * RigL (Evci et al., 2020): drops the {@code k} active weights with the smallest {@code |w|} and grows the
 * {@code k} inactive positions (including the ones just dropped) with the largest {@code |∂L/∂w|} of the dense
 * gradient on the current batch; ties go to the lower index. The gradient is taken in training mode; a model with
 * dropout draws it with the model's fixed default noise, so the update is deterministic. Needs
 * {@link Capability#PARAM_GRADIENTS}.
 */
public final class RigLUpdater implements TopologyUpdater {
  /** The name on the CLI. */
  public static final String NAME = "rigl";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "RigL: drop the smallest |w|, grow the largest dense |gradient| on the current batch";
  }

  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public LayerChange update(LayerState layer, UpdateContext context) {
    int[] dropped = DropGrow.smallestActive(layer.weights(), layer.mask(), layer.k());
    int[] grown = DropGrow.largestInactive(layer.gradients(), layer.mask(), dropped, dropped.length);
    return new LayerChange(dropped, grown);
  }
}
