package dev.sparse4j.backend.nd4j.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Closes the arrays a SameDiff gradient call leaves behind. In 1.0.0-M2.1 {@code calculateGradients} switches its
 * session's array release off on every call ({@code gradFn.setEnableCache(false)}), so none of the pass's
 * activations and intermediate gradients is freed until a Java garbage collection finds it unreachable — and the
 * JVM's heap barely grows from them, so that collection comes only when JavaCPP's physical-memory limit forces it. A
 * ResNet-20 run grew by ~0.5 GB a step to 12–22 GB that way. The session keeps every value of the last call in its
 * {@code nodeValueOutputs}; once the caller has copied what it needs, those are closed here and the map emptied.
 *
 * <p>Only the gradient function's sessions are touched: their memory manager never caches (release is off), so no
 * closed array can come back from a cache. Arrays that share a buffer with the model's own (weights, running
 * statistics, masks, optimizer state) or with the graphs' constants and variables are kept, as are views, which own
 * no memory.
 */
final class GradientSessionArrays {
  private GradientSessionArrays() {}

  /** Closes what {@code sd}'s gradient function's sessions hold, except arrays over {@code persistent}'s buffers. */
  static void close(SameDiff sd, Collection<INDArray> persistent) {
    SameDiff gradFn = sd.getFunction("grad");
    if (gradFn == null) {
      return;
    }
    Set<Object> keep = Collections.newSetFromMap(new IdentityHashMap<>());
    for (INDArray a : persistent) {
      keep(a, keep);
    }
    // The graphs' own constants and variables (e.g. a batch norm's epsilon) also pass through the session.
    for (SameDiff graph : List.of(sd, gradFn)) {
      for (SDVariable v : graph.variables()) {
        if (v.getVariableType() == VariableType.CONSTANT || v.getVariableType() == VariableType.VARIABLE) {
          keep(v.getArr(), keep);
        }
      }
    }
    for (InferenceSession session : gradFn.getSessions().values()) {
      for (SDValue value : session.getNodeValueOutputs().values()) {
        Collection<INDArray> arrays = value.getCollection();
        if (arrays == null) {
          closeUnlessKept(value.getTensorValue(), keep);
        } else {
          arrays.forEach(a -> closeUnlessKept(a, keep));
        }
      }
      session.getNodeValueOutputs().clear();
    }
  }

  private static void keep(INDArray a, Set<Object> keep) {
    if (a != null) {
      keep.add(a);
      keep.add(a.data());
    }
  }

  private static void closeUnlessKept(INDArray a, Set<Object> keep) {
    if (a != null && a.closeable() && !keep.contains(a) && !keep.contains(a.data())) {
      a.close();
    }
  }
}
