package dev.sparse4j.backend.djl.pytorch.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ScopedSequentialBlockTest {
  private static SequentialBlock threeOps(SequentialBlock s) {
    s.add(new OpBlock("plus1", x -> x.add(1f), t -> t));
    s.add(new OpBlock("times2", x -> x.mul(2f), t -> t));
    s.add(new OpBlock("minus3", x -> x.sub(3f), t -> t));
    return s;
  }

  /** Arrays left in the call's manager after a forward pass of {@code block} on [1, 2, 3]. */
  private static int arraysLeft(SequentialBlock block, float[] expected) {
    try (NDManager call = Engine.getEngine("PyTorch").newBaseManager()) {
      block.initialize(call, DataType.FLOAT32, new Shape(3));
      NDArray x = call.create(new float[] {1, 2, 3});
      NDArray y = block.forward(new ParameterStore(call, false), new NDList(x), false).singletonOrThrow();
      assertArrayEquals(expected, y.toFloatArray());
      assertFalse(x.isReleased(), "the caller's input stays open");
      return call.getManagedArrays().size();
    }
  }

  @Test
  void onlyTheInputAndTheOutputOutliveTheForwardPass() {
    float[] expected = {1, 3, 5};
    // DJL's own sequence keeps every intermediate (x + 1, its double) until the call's manager closes.
    assertEquals(4, arraysLeft(threeOps(new SequentialBlock()), expected));
    assertEquals(2, arraysLeft(threeOps(new ScopedSequentialBlock()), expected));
  }

  @Test
  void anIdentityChildDoesNotCloseTheCallersInput() {
    SequentialBlock s = new ScopedSequentialBlock();
    s.add(new OpBlock("identity", x -> x, t -> t));
    s.add(new OpBlock("identity", x -> x, t -> t));
    s.add(new OpBlock("plus1", x -> x.add(1f), t -> t));
    assertEquals(2, arraysLeft(s, new float[] {2, 3, 4}));
  }
}
