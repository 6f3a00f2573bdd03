package dev.sparse4j.api.model;

import java.util.List;

/**
 * A residual block: {@code post(body(pre(x)) + shortcut(s))}, where {@code s = pre(x)} if
 * {@code shortcutTakesPre}, else {@code x}. An empty shortcut is the identity. Children's names are prefixed
 * with this block's name only, so a ResNet basic block's parameters read {@code layer1.0.conv1.weight},
 * {@code layer2.0.shortcut.0.weight} as in PyTorch.
 *
 * <p>ResNet basic block: {@code pre=[]}, {@code body=[conv1,bn1,relu,conv2,bn2]},
 * {@code shortcut=[Sequential("shortcut", conv, bn)]}, {@code post=[relu]}. Pre-activation WRN block:
 * {@code pre=[bn1,relu1]}, {@code body=[conv1,bn2,relu2,conv2]}, {@code shortcut=[convShortcut]} taking pre.
 *
 * @param name local name
 * @param pre layers applied to the input before the split
 * @param body the residual branch
 * @param shortcut the skip branch (empty = identity)
 * @param shortcutTakesPre whether the skip branch reads the output of {@code pre} instead of the raw input
 * @param post layers applied after the addition
 */
public record Residual(
    String name, List<Layer> pre, List<Layer> body, List<Layer> shortcut, boolean shortcutTakesPre, List<Layer> post)
    implements Layer {

  /** Validates the name and copies the lists. */
  public Residual {
    Layer.checkName(name);
    pre = List.copyOf(pre);
    body = List.copyOf(body);
    shortcut = List.copyOf(shortcut);
    post = List.copyOf(post);
    if (body.isEmpty()) {
      throw new IllegalArgumentException("residual block " + name + " needs a non-empty body");
    }
  }
}
