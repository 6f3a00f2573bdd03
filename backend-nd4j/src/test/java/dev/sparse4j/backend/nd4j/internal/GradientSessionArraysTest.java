package dev.sparse4j.backend.nd4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientSessionArraysTest {
  /** loss = Σ tanh(x·w + c): a weight, a constant and a placeholder, as the model graphs have. */
  private static SameDiff graph(INDArray w) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    SDVariable wv = sd.var("w", w);
    SDVariable c = sd.constant("c", Nd4j.createFromArray(0.5f, -0.5f));
    sd.math().tanh(x.mmul(wv).add(c)).sum().rename("loss");
    sd.setLossVariables("loss");
    QuietStdout.run(() -> {
      sd.createGradFunction();
      return null;
    });
    return sd;
  }

  private static float[] gradient(SameDiff sd) {
    INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {-1, 0, 2}});
    Map<String, INDArray> g = sd.calculateGradients(Map.of("x", x), "w");
    return g.get("w").dup().reshape(6).toFloatVector();
  }

  private static List<INDArray> leftovers(SameDiff sd) {
    List<INDArray> out = new ArrayList<>();
    for (InferenceSession s : sd.getFunction("grad").getSessions().values()) {
      for (SDValue v : s.getNodeValueOutputs().values()) {
        if (v.getTensorValue() != null) {
          out.add(v.getTensorValue());
        }
      }
    }
    return out;
  }

  /** The buffers of both graphs' constants and variables (the gradient graph's seed of ones among them). */
  private static Set<Object> graphOwned(SameDiff sd) {
    Set<Object> out = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SameDiff g : List.of(sd, sd.getFunction("grad"))) {
      for (SDVariable v : g.variables()) {
        if (v.getVariableType() == VariableType.CONSTANT
            || v.getVariableType() == VariableType.VARIABLE) {
          out.add(v.getArr().data());
        }
      }
    }
    return out;
  }

  @Test
  void aGradientCallsIntermediatesAreClosedAndTheGraphStillWorks() {
    INDArray w = Nd4j.createFromArray(new float[][] {{0.1f, -0.2f}, {0.3f, 0.05f}, {-0.4f, 0.2f}});
    SameDiff sd = graph(w);
    float[] first = gradient(sd);
    List<INDArray> left = leftovers(sd);
    // SameDiff 1.0.0-M2.1 leaves them open: this is what the class is for.
    assertTrue(left.stream().anyMatch(INDArray::closeable), "the gradient call left no open arrays behind");

    GradientSessionArrays.close(sd, List.of(w));

    assertTrue(leftovers(sd).isEmpty(), "the session still holds the last call's values");
    for (INDArray a : left) {
      boolean ours = graphOwned(sd).contains(a.data());
      if (ours) {
        assertFalse(a.wasClosed(), "a weight or constant was closed");
      } else if (!a.isView()) {
        assertTrue(a.wasClosed() || !a.closeable(), "an intermediate array was left open: " + a.shapeInfoToString());
      }
    }
    assertFalse(w.wasClosed());
    // Nothing the next call needs was closed: the same gradient again, twice.
    assertArrayEquals(first, gradient(sd));
    GradientSessionArrays.close(sd, List.of(w));
    assertArrayEquals(first, gradient(sd));
  }
}
