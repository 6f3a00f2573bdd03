package dev.sparse4j.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The two walks of a layer tree, so a new container layer is taught in one place.
 *
 * <p>{@link #forward} threads a value (an activation, a graph node, a shape) through the layers in
 * the order {@link ModelSpec} lists their parameters. {@link Sequential} children run in order; a {@link Residual}
 * runs {@code pre}, then {@code body}, then {@code shortcut} (on {@code pre}'s output or on the block's input, as the
 * block says), joins them with {@code sum}, then runs {@code post}. Every other layer goes to {@code leaf} with its
 * full {@code state_dict} path (e.g. {@code layer1.0.conv1}).
 *
 * <p>{@link #fold} builds a result with the tree's structure instead (a block per layer, a list of kernels): leaves
 * first, then each {@link Sequential} from its children's results, each {@link Residual} from its four branches'.
 *
 * <p>{@code forward} serves the graph builders, the TCK's float64 reference, {@code Flops} and {@link ModelSpec}'s
 * shape check; {@code fold} the compilers that build nested blocks (DJL, sparse-cpu).
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
   * How {@link #fold} builds results: one per leaf layer, one per sequence of results, one per residual block.
   *
   * @param <R> the result type
   */
  public interface Structure<R> {
    /** The result of a leaf layer (neither {@link Sequential} nor {@link Residual}) at full path {@code path}. */
    R leaf(Layer layer, String path);

    /**
     * The result of layers run in order: a {@link Sequential}'s children, or one branch of a {@link Residual}
     * (possibly empty: the identity), all under the container's path {@code path}.
     */
    R sequence(String path, List<R> children);

    /** The result of {@code block} (full path {@code path}) from the {@link #sequence} results of its branches. */
    R residual(Residual block, String path, R pre, R body, R shortcut, R post);
  }

  /**
   * Folds {@code layer} bottom-up with {@code structure}.
   *
   * @param prefix the path of the enclosing container ({@code ""} at the root)
   */
  public static <R> R fold(Layer layer, String prefix, Structure<R> structure) {
    String path = ModelSpec.join(prefix, layer.name());
    if (layer instanceof Sequential s) {
      return branch(s.layers(), path, structure);
    }
    if (layer instanceof Residual r) {
      return structure.residual(r, path, branch(r.pre(), path, structure), branch(r.body(), path, structure),
          branch(r.shortcut(), path, structure), branch(r.post(), path, structure));
    }
    return structure.leaf(layer, path);
  }

  private static <R> R branch(List<Layer> layers, String path, Structure<R> structure) {
    List<R> children = new ArrayList<>(layers.size());
    for (Layer child : layers) {
      children.add(fold(child, path, structure));
    }
    return structure.sequence(path, children);
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
