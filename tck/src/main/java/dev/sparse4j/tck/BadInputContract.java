package dev.sparse4j.tck;

import static dev.sparse4j.tck.ContractAssertions.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Bad input: every wrong argument is refused with a message that says what was wrong, and a closed model
 * refuses every call.
 *
 * <p>Part of {@link BackendTck}; tests needing a capability the backend lacks are skipped (by capability, never by
 * backend name).
 */
public abstract class BadInputContract extends BackendFixture {
  // ------------------------------------------------------------------------------------------ bad input

  @Test
  public void badMasksAreRejectedWithClearMessages() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 52);
    Map<String, float[]> before = m.state();
    assertMessage(IllegalArgumentException.class, "nosuch.weight",
        () -> m.applyMasks(MaskSet.of(Map.of("nosuch.weight", Mask.dense(4, 1, 3, 3)))));
    assertMessage(IllegalArgumentException.class, "not prunable",
        () -> m.applyMasks(MaskSet.of(Map.of("fc.bias", Mask.dense(3)))));
    assertMessage(IllegalArgumentException.class, "not prunable",
        () -> m.applyMasks(MaskSet.of(Map.of("bn1.weight", Mask.dense(4)))));
    Map<String, Mask> mixed = new LinkedHashMap<>();
    mixed.put("fc.weight", Mask.ofBooleans(new int[] {3, 36}, new boolean[108]));
    mixed.put("conv1.weight", Mask.dense(4, 1, 3, 4));
    assertMessage(IllegalArgumentException.class, "shape", () -> m.applyMasks(MaskSet.of(mixed)));
    assertStatesEqual(before, m.state(), "a rejected mask set must change nothing");
    assertEquals(0, m.masks().size());
  }

  @Test
  public void badStatesAreRejectedWithClearMessages() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 53);
    Map<String, float[]> good = m.state();
    Map<String, float[]> missing = new LinkedHashMap<>(good);
    missing.remove("bn1.running_var");
    assertMessage(IllegalArgumentException.class, "bn1.running_var", () -> m.loadState(missing));
    Map<String, float[]> wrongSize = new LinkedHashMap<>(good);
    wrongSize.put("fc.weight", new float[5]);
    assertMessage(IllegalArgumentException.class, "fc.weight", () -> m.loadState(wrongSize));
    Map<String, float[]> unknown = new LinkedHashMap<>(good);
    unknown.put("fc.extra", new float[1]);
    assertMessage(IllegalArgumentException.class, "fc.extra", () -> m.loadState(unknown));
    assertStatesEqual(good, m.state(), "a rejected state must change nothing");
    assertMessage(IllegalArgumentException.class, "nosuch", () -> m.values("nosuch"));
  }

  @Test
  public void badInputsAreRejectedWithClearMessages() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 54);
    assertMessage(IllegalArgumentException.class, "36", () -> m.logits(new float[35], 1));
    assertMessage(IllegalArgumentException.class, "batch", () -> m.logits(new float[0], 0));
    if (backend().capabilities().contains(Capability.TRAIN)) {
      assertMessage(IllegalStateException.class, "setOptimizer", () -> m.trainStep(new float[36], new int[1], 1, 0.1));
      m.setOptimizer(OptimizerConfig.paperSgd());
      assertMessage(IllegalArgumentException.class, "label", () -> m.trainStep(new float[72], new int[] {0, 3}, 2,
          0.1));
      assertMessage(IllegalArgumentException.class, "label", () -> m.trainStep(new float[72], new int[] {0}, 2, 0.1));
      assertMessage(IllegalArgumentException.class, "learning rate",
          () -> m.trainStep(new float[36], new int[1], 1, Double.NaN));
    }
    if (backend().capabilities().contains(Capability.INPUT_GRADIENTS)) {
      assertMessage(IllegalArgumentException.class, "temperature", () -> m.inputGradient(new float[36], new int[1], 1,
          0.0));
    }
  }

  @Test
  public void badOptimizerStatesAreRejectedWithClearMessages() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.linear();
    SparseModel m = build(spec, 55);
    assertThrows(IllegalStateException.class, () -> m.loadOptimizerState(Map.of()));
    m.setOptimizer(OptimizerConfig.paperSgd());
    Map<String, float[]> good = m.optimizerState();
    Map<String, float[]> missing = new LinkedHashMap<>(good);
    missing.remove("fc.bias.momentum");
    assertMessage(IllegalArgumentException.class, "fc.bias.momentum", () -> m.loadOptimizerState(missing));
    Map<String, float[]> wrong = new LinkedHashMap<>(good);
    wrong.put("fc.weight.momentum", new float[2]);
    assertMessage(IllegalArgumentException.class, "fc.weight.momentum", () -> m.loadOptimizerState(wrong));
    Map<String, float[]> adam = new LinkedHashMap<>(good);
    adam.put("fc.weight.adam_m", new float[15]);
    assertMessage(IllegalArgumentException.class, "fc.weight.adam_m", () -> m.loadOptimizerState(adam));
    assertDoesNotThrow(() -> m.loadOptimizerState(good));
  }

  @Test
  public void missingCapabilitiesThrowUnsupportedCapability() {
    Set<Capability> caps = backend().capabilities();
    assumeFalse(caps.containsAll(List.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS)),
        "backend has every optional capability");
    SparseModel m = build(BackendSpecs.linear(), 56);
    if (!caps.contains(Capability.TRAIN)) {
      UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> {
        m.setOptimizer(OptimizerConfig.paperSgd());
        m.trainStep(new float[5], new int[1], 1, 0.1);
      });
      assertEquals(Capability.TRAIN, e.capability());
    }
    if (!caps.contains(Capability.INPUT_GRADIENTS)) {
      assertThrows(UnsupportedCapabilityException.class, () -> m.inputGradient(new float[5], new int[1], 1, 1.0));
    }
    if (!caps.contains(Capability.PARAM_GRADIENTS)) {
      assertThrows(UnsupportedCapabilityException.class,
          () -> m.parameterGradients(new float[5], new int[1], 1, true));
    }
  }

  @Test
  public void aModelWorksFromAnotherThread() throws Exception {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 58);
    SparseModel twin = build(spec, 58);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 59);
    float[] x = BackendData.inputs(4 * spec.inputSize(), 60);
    int[] y = BackendData.labels(4, 3, 60);
    boolean train = backend().capabilities().contains(Capability.TRAIN);
    Runnable work = () -> {
      m.applyMasks(masks);
      m.loadState(m.state());
      if (train) {
        m.setOptimizer(OptimizerConfig.paperSgd());
        m.trainStep(x, y, 4, 0.1);
      }
      m.logits(x, 4);
    };
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "sparse4j-tck-worker");
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError("the model failed on another thread: " + failure[0], failure[0]);
    }
    twin.applyMasks(masks);
    if (train) {
      twin.setOptimizer(OptimizerConfig.paperSgd());
      twin.trainStep(x, y, 4, 0.1);
    }
    assertStatesEqual(twin.state(), m.state(), "the same work on another thread");
    assertPrunedZero(masks, m.state(), "after work on another thread");
  }

  @Test
  public void closedModelsRefuseWork() {
    SparseModel m = backend().build(BackendSpecs.linear(), 57);
    m.close();
    assertDoesNotThrow(m::close, "close must be idempotent");
    assertThrows(IllegalStateException.class, () -> m.logits(new float[5], 1));
    assertThrows(IllegalStateException.class, m::state);
  }
}
