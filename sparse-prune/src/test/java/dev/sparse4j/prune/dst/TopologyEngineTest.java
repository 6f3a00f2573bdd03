package dev.sparse4j.prune.dst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerChange;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerState;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The engine's checks of an updater's answer and the two-step mask installation, on a mocked model. */
class TopologyEngineTest {
  // 8 positions, keep 0, 2, 3, 5, 6 (5 kept); at fraction 0.4, k = round(0.4 · 5) = 2
  private static final Mask MASK = Mask.ofBooleans(new int[] {2, 4},
      new boolean[] {true, false, true, true, false, true, true, false});
  private static final UpdateContext CONTEXT = new UpdateContext("test", 100, 0.4, 1);

  private static SparseModel model(Mask mask) {
    SparseModel model = mock(SparseModel.class);
    ModelSpec spec = mock(ModelSpec.class);
    when(spec.name()).thenReturn("tiny");
    when(spec.prunable()).thenReturn(List.of());
    when(model.spec()).thenReturn(spec);
    when(model.capabilities()).thenReturn(Set.of(Capability.TRAIN));
    when(model.masks()).thenReturn(MaskSet.of(Map.of("fc.weight", mask, "head.weight", Mask.dense(2, 2))));
    when(model.values("fc.weight")).thenReturn(new float[] {5, 0, 1, 4, 0, 2, 3, 0});
    return model;
  }

  private static TopologyUpdater answering(Function<LayerState, LayerChange> rule) {
    return new TopologyUpdater() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public LayerChange update(LayerState layer, UpdateContext context) {
        return rule.apply(layer);
      }
    };
  }

  private static String refusal(LayerChange change) {
    SparseModel m = model(MASK);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TopologyEngine.update(m, answering(l -> change), CONTEXT, new float[0], new int[0], 0));
    verify(m, never()).applyMasks(any());
    assertTrue(e.getMessage().startsWith("topology updater 'fake' on fc.weight: "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void refusesAnswersThatBreakARule() {
    assertTrue(refusal(null).contains("returned no change"));
    assertTrue(refusal(new LayerChange(new int[] {0}, new int[0])).contains("dropped 1 weights but grew 0"));
    assertTrue(refusal(new LayerChange(new int[] {0, 2, 3}, new int[] {1, 4, 7}))
        .contains("changed 3 weights, more than the schedule's 2"));
    assertTrue(refusal(new LayerChange(new int[] {1}, new int[] {4})).contains("drops position 1, which is not an "
        + "active weight"));
    assertTrue(refusal(new LayerChange(new int[] {0, 0}, new int[] {1, 4})).contains("drops position 0"));
    assertTrue(refusal(new LayerChange(new int[] {0}, new int[] {2})).contains("grows position 2, which is active"));
    assertTrue(refusal(new LayerChange(new int[] {0}, new int[] {8})).contains("grows position 8"));
    assertTrue(refusal(new LayerChange(new int[] {0}, new int[] {0}))
        .contains("regrows position 0, which it just dropped"));
  }

  @Test
  void installsTheDropsThenTheGrowsAndLeavesDenseLayersAlone() {
    SparseModel m = model(MASK);
    TopologyEngine.UpdateReport report = TopologyEngine.update(m, answering(l -> {
      assertEquals(2, l.k());
      return new LayerChange(new int[] {2, 5}, new int[] {1, 7});
    }), CONTEXT, new float[0], new int[0], 0);
    ArgumentCaptor<MaskSet> installed = ArgumentCaptor.forClass(MaskSet.class);
    verify(m, times(2)).applyMasks(installed.capture());
    assertArrayEquals(new boolean[] {true, false, false, true, false, false, true, false},
        installed.getAllValues().get(0).get("fc.weight").toBooleans());
    assertArrayEquals(new boolean[] {true, true, false, true, false, false, true, true},
        installed.getAllValues().get(1).get("fc.weight").toBooleans());
    assertEquals(Mask.dense(2, 2), installed.getAllValues().get(1).get("head.weight"));
    assertEquals(2, report.grown());
    assertEquals(Set.of("fc.weight"), report.changes().keySet());
  }

  @Test
  void refusesAModelWithoutASparseLayer() {
    SparseModel m = model(Mask.dense(2, 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TopologyEngine.update(m, answering(l -> LayerChange.none()), CONTEXT, new float[0], new int[0], 0));
    assertTrue(e.getMessage().contains("no layer of tiny is pruned"), e.getMessage());
  }
}
