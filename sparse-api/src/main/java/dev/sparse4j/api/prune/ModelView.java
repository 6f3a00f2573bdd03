package dev.sparse4j.api.prune;

import dev.sparse4j.api.ParamSpec;
import java.util.List;

/**
 * What a pruner may see of a model: its parameters, and — for backends that hold real weights — their values.
 * A {@link dev.sparse4j.api.model.ModelSpec} alone gives a view without values.
 */
public interface ModelView {

  /** Every trainable parameter, in model ({@code state_dict}) order. */
  List<ParamSpec> parameters();

  /** The prunable parameters (conv and linear weights), in model order. */
  default List<ParamSpec> prunable() {
    return parameters().stream().filter(ParamSpec::prunable).toList();
  }

  /**
   * Current values of parameter {@code name}, row-major (a copy).
   *
   * @throws UnsupportedOperationException if this view has no values (a spec-only view)
   */
  default float[] values(String name) {
    throw new UnsupportedOperationException(
        "this model view has no parameter values; build the model on a backend to use a score pruner");
  }

  /** A values-free view over {@code parameters}. */
  static ModelView of(List<ParamSpec> parameters) {
    List<ParamSpec> copy = List.copyOf(parameters);
    return () -> copy;
  }
}
