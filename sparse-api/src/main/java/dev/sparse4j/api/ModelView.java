package dev.sparse4j.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * A view over {@code parameters} with values, e.g. weights read from a file, for pruners that only need values
   * ({@code magnitude}). The map must hold a correctly sized array for every parameter whose values are asked for;
   * the arrays are not copied (each {@link #values} call returns a copy).
   *
   * @throws IllegalArgumentException if an array's length differs from its parameter's size, or the map names a
   *     parameter that is not in the list
   */
  static ModelView of(List<ParamSpec> parameters, Map<String, float[]> values) {
    List<ParamSpec> copy = List.copyOf(parameters);
    Map<String, float[]> byName = Map.copyOf(values);
    Map<String, ParamSpec> specs = new HashMap<>();
    copy.forEach(p -> specs.put(p.name(), p));
    byName.forEach((name, v) -> {
      ParamSpec p = specs.get(name);
      if (p == null) {
        throw new IllegalArgumentException("values are given for '" + name + "', which is not among the parameters "
            + specs.keySet());
      }
      if (v.length != p.numel()) {
        throw new IllegalArgumentException("values of " + name + " have " + v.length + " entries but shape "
            + p.shapeString() + " needs " + p.numel());
      }
    });
    return new ModelView() {
      @Override
      public List<ParamSpec> parameters() {
        return copy;
      }

      @Override
      public float[] values(String name) {
        float[] v = byName.get(name);
        if (v == null) {
          throw new IllegalArgumentException("this model view has no values for '" + name + "'; it has values for "
              + byName.keySet());
        }
        return v.clone();
      }
    };
  }
}
