package dev.sparse4j.backend.sparse.internal.train;

import dev.sparse4j.api.model.AvgPool2d;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Dropout;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.LayerWalk;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Residual;
import java.util.List;

/**
 * A {@link ModelSpec} as a tree of {@link Node}s over the tensors of a {@link TrainTensors} store: the training
 * forward and backward passes of {@code sparse-cpu}. Nodes read the store's live arrays at each pass, so weights,
 * masks and optimizer steps never need a recompile.
 */
final class TrainGraph {
  private final ModelSpec spec;
  private final Node root;

  private TrainGraph(ModelSpec spec, Node root) {
    this.spec = spec;
    this.root = root;
  }

  static TrainGraph compile(ModelSpec spec, TrainTensors tensors) {
    Node root = LayerWalk.fold(spec.root(), "", new LayerWalk.Structure<Node>() {
      @Override
      public Node leaf(Layer layer, String path) {
        return node(layer, path, tensors);
      }

      @Override
      public Node sequence(String path, List<Node> children) {
        return new SequenceNode(children);
      }

      @Override
      public Node residual(Residual block, String path, Node pre, Node body, Node shortcut, Node post) {
        return new ResidualNode((SequenceNode) pre, (SequenceNode) body, (SequenceNode) shortcut,
            block.shortcutTakesPre(), (SequenceNode) post);
      }
    });
    return new TrainGraph(spec, root);
  }

  private static Node node(Layer layer, String path, TrainTensors t) {
    if (layer instanceof Conv2d c) {
      return new ConvNode(path, c.inChannels(), c.outChannels(), c.kernelSize(), c.stride(), c.padding(),
          t.get(path + ".weight"), c.bias() ? t.get(path + ".bias") : null);
    }
    if (layer instanceof Linear l) {
      return new LinearNode(path, l.inFeatures(), l.outFeatures(), t.get(path + ".weight"),
          l.bias() ? t.get(path + ".bias") : null);
    }
    if (layer instanceof BatchNorm2d b) {
      return new BatchNormNode(b.channels(), b.eps(), b.momentum(), t.get(path + ".weight"),
          t.get(path + ".bias"), t.get(path + ".running_mean"), t.get(path + ".running_var"));
    }
    if (layer instanceof Relu) {
      return new ReluNode();
    }
    if (layer instanceof Dropout d) {
      return new DropoutNode(path, d.p());
    }
    if (layer instanceof Normalize nz) {
      return new NormalizeNode(nz.mean(), nz.std());
    }
    if (layer instanceof Flatten) {
      return new FlattenNode();
    }
    if (layer instanceof MaxPool2d p) {
      return PoolNode.max(p.kernelSize(), p.stride(), p.padding());
    }
    if (layer instanceof AvgPool2d p) {
      return PoolNode.average(p.kernelSize(), p.stride(), p.padding());
    }
    if (layer instanceof GlobalAvgPool2d) {
      return PoolNode.globalAverage();
    }
    throw new IllegalArgumentException("sparse-cpu cannot train layer " + layer + " at " + path);
  }

  /** The logits ({@code [batch, classes]}, example-major) of {@code inputs} (example-major), kept for backward. */
  float[] forward(float[] inputs, int batch, Pass pass) {
    Act x = Act.ofExampleMajor(inputs, spec.inputShape(), batch);
    return root.forward(x, pass).exampleMajor();
  }

  /**
   * Backward from the logits' gradient ({@code [batch, classes]}, example-major); returns the input gradient
   * (example-major) when asked, else null.
   */
  float[] backward(float[] logitGradient, int batch, Pass pass, boolean needInput) {
    float[] dy = Act.transpose(logitGradient, batch, spec.numClasses());
    float[] dx = root.backward(dy, pass, needInput);
    return needInput ? Act.transpose(dx, spec.inputSize(), batch) : null;
  }
}
