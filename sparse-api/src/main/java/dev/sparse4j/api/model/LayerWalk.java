package dev.sparse4j.api.model;

/**
 * The one forward walk of a layer tree: threads a value (an activation, a graph node, a shape) through the layers in
 * the order {@link ModelSpec} lists their parameters. {@link Sequential} children run in order; a {@link Residual}
 * runs {@code pre}, then {@code body}, then {@code shortcut} (on {@code pre}'s output or on the block's input, as the
 * block says), joins them with {@code sum}, then runs {@code post}. Every other layer goes to {@code leaf} with its
 * full {@code state_dict} path (e.g. {@code layer1.0.conv1}).
 *
 * <p>Used by every backend's compiler, the TCK's float64 reference, {@code Flops} and {@link ModelSpec}'s own shape
 * check, so a new container layer is taught in one place.
 *
 * <pre>{@code
 * int[] out = LayerWalk.forward(spec.root(), "", spec.inputShape(),
 *     (layer, path, in) -> shapeAfter(layer, in),
 *     (block, path, body, shortcut) -> body);
 * }</pre>
 */
public final class LayerWalk {
  private LayerWalk() {}

  /** What a leaf layer (neither {@link Sequential} nor {@link Residual}) does to the value. */
  @FunctionalInterface
  public interface Leaf<A> {
    /** The value after {@code layer}, whose full path is {@code path}. */
    A apply(Layer layer, String path, A input);
  }

  /** How a residual block joins its two branches (e.g. adds them, or checks that their shapes agree). */
  @FunctionalInterface
  public interface Sum<A> {
    /** The joined value of {@code block} (full path {@code path}) before its {@code post} layers. */
    A apply(Residual block, String path, A body, A shortcut);
  }

  /**
   * Threads {@code input} through {@code layer}.
   *
   * @param prefix the path of the enclosing container ({@code ""} at the root)
   */
  public static <A> A forward(Layer layer, String prefix, A input, Leaf<A> leaf, Sum<A> sum) {
    String path = ModelSpec.join(prefix, layer.name());
    if (layer instanceof Sequential s) {
      A x = input;
      for (Layer child : s.layers()) {
        x = forward(child, path, x, leaf, sum);
      }
      return x;
    }
    if (layer instanceof Residual r) {
      A pre = input;
      for (Layer child : r.pre()) {
        pre = forward(child, path, pre, leaf, sum);
      }
      A body = pre;
      for (Layer child : r.body()) {
        body = forward(child, path, body, leaf, sum);
      }
      A skip = r.shortcutTakesPre() ? pre : input;
      for (Layer child : r.shortcut()) {
        skip = forward(child, path, skip, leaf, sum);
      }
      A y = sum.apply(r, path, body, skip);
      for (Layer child : r.post()) {
        y = forward(child, path, y, leaf, sum);
      }
      return y;
    }
    return leaf.apply(layer, path, input);
  }
}
