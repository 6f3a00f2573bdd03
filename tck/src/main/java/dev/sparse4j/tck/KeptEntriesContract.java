package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.StepResult;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.prune.dst.KeptTopology;
import dev.sparse4j.prune.dst.SetUpdater;
import dev.sparse4j.prune.dst.TopologyEngine;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Capability#KEPT_ENTRIES}: a model built from kept entries ({@code SparseBackend.buildKept}) is the model
 * {@code build} + {@code applyMasks} gives — the same initial kept values, the same steps bit for bit, its kept state
 * loads back — and a layer too large to exist densely trains. Skipped on backends without the capability.
 */
public abstract class KeptEntriesContract extends BackendFixture {
  private static final int BATCH = 6;

  @Test
  void aKeptModelIsTheMaskedModelStepForStep() {
    assumeCapability(Capability.KEPT_ENTRIES);
    for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.mlp())) {
      for (OptimizerConfig optimizer : List.of(OptimizerConfig.paperSgd(), OptimizerConfig.adam(1e-4))) {
        MaskSet masks = BackendData.masks(spec.prunable(), 0.3, 11);
        SparseModel masked = build(spec, 5);
        masked.applyMasks(masks);
        SparseModel kept = backend().buildKept(spec, 5, KeptMaskSet.of(masks));
        try {
          String what = spec.name() + " with " + optimizer.kind();
          assertEquals(KeptMaskSet.of(masks), kept.keptMasks(), what + ": masks");
          assertEquals(masks, kept.masks(), what + ": masks as bitmaps");
          assertSameState(masked.keptState(), kept.keptState(), what + " at initialisation");
          masked.setOptimizer(optimizer);
          kept.setOptimizer(optimizer);
          float[] x = BackendData.inputs(BATCH * spec.inputSize(), 3);
          int[] y = BackendData.labels(BATCH, spec.numClasses(), 4);
          for (int step = 0; step < 3; step++) {
            StepResult a = masked.trainStep(x, y, BATCH, 0.05, step);
            StepResult b = kept.trainStep(x, y, BATCH, 0.05, step);
            assertEquals(a.loss(), b.loss(), what + ": loss of step " + step);
          }
          assertSameState(masked.keptState(), kept.keptState(), what + " after 3 steps");
          assertSameState(masked.state(), kept.state(), what + " after 3 steps, dense");
          float[] za = masked.logits(x, BATCH);
          float[] zb = kept.logits(x, BATCH);
          for (int i = 0; i < za.length; i++) {
            assertEquals(za[i], zb[i], 1e-5 * Math.max(1, Math.abs(za[i])), what + ": logit " + i);
          }
          // The kept state loads back into a fresh kept model, and through the SPI's default into a masked one.
          try (SparseModel reloaded = backend().buildKept(spec, 99, KeptMaskSet.of(masks))) {
            reloaded.loadKeptState(kept.keptState());
            assertSameState(kept.keptState(), reloaded.keptState(), what + " reloaded");
          }
          SparseModel other = build(spec, 99);
          other.applyMasks(masks);
          other.loadKeptState(kept.keptState());
          assertSameState(kept.state(), other.state(), what + " loaded into a masked model");
        } finally {
          kept.close();
        }
      }
    }
  }

  @Test
  void setOnKeptEntriesMakesTheBitmapEnginesChoices() {
    assumeCapability(Capability.KEPT_ENTRIES);
    ModelSpec spec = BackendSpecs.tinyResidual();
    MaskSet masks = BackendData.masks(spec.prunable(), 0.3, 11);
    SparseModel masked = build(spec, 5);
    masked.applyMasks(masks);
    try (SparseModel kept = backend().buildKept(spec, 5, KeptMaskSet.of(masks))) {
      masked.setOptimizer(OptimizerConfig.paperSgd());
      kept.setOptimizer(OptimizerConfig.paperSgd());
      float[] x = BackendData.inputs(BATCH * spec.inputSize(), 3);
      int[] y = BackendData.labels(BATCH, spec.numClasses(), 4);
      for (int update = 0; update < 3; update++) {
        UpdateContext context = new UpdateContext(SetUpdater.NAME, 2L * update, 0.3, 7);
        TopologyEngine.UpdateReport dense = TopologyEngine.update(masked, new SetUpdater(), context, x, y, BATCH);
        KeptTopology.Report onKept = KeptTopology.update(kept, new SetUpdater(), context);
        assertEquals(dense.masks(), onKept.masks().toMaskSet(), "masks after update " + update);
        assertEquals(dense.grown(), onKept.grown(), "grown in update " + update);
        assertSameState(masked.keptState(), kept.keptState(), "after update " + update);
        for (int step = 0; step < 2; step++) {
          assertEquals(masked.trainStep(x, y, BATCH, 0.05, step).loss(), kept.trainStep(x, y, BATCH, 0.05, step).loss(),
              "loss after update " + update);
        }
      }
      assertSameState(masked.keptState(), kept.keptState(), "after three updates and six steps");
    }
  }

  @Test
  void aLayerTooLargeToBeDenseTrainsOnItsKeptEntries() {
    assumeCapability(Capability.KEPT_ENTRIES);
    // 70,000 × 70,000 = 4.9e9 positions: no float[], and no bitmap, can hold them.
    int wide = 70_000;
    ModelSpec spec = new ModelSpec("wide", new int[] {4}, 3, Sequential.of("",
        new Linear("fc1", 4, wide, true), new Relu("relu1"),
        new Linear("fc2", wide, wide, true), new Relu("relu2"),
        new Linear("fc3", wide, 3, true)), Map.of());
    Map<String, KeptMask> masks = new LinkedHashMap<>();
    masks.put("fc1.weight", KeptMask.dense(wide, 4));
    masks.put("fc2.weight", RandomPruner.exactKeptMask(spec.prunable().get(1), 20_000, 9));
    masks.put("fc3.weight", RandomPruner.exactKeptMask(spec.prunable().get(2), 70_000, 9));
    try (SparseModel model = backend().buildKept(spec, 1, KeptMaskSet.of(masks))) {
      model.setOptimizer(OptimizerConfig.paperSgd());
      float[] x = BackendData.inputs(2 * 4, 1);
      int[] y = {0, 2};
      double first = model.trainStep(x, y, 2, 0.5, 0).loss();
      double loss = first;
      for (int step = 1; step < 20; step++) {
        loss = model.trainStep(x, y, 2, 0.5, step).loss();
      }
      assertTrue(Double.isFinite(loss) && loss < first, "loss " + first + " → " + loss);
      // SET on the 4.9e9-position layer: same kept counts, grown weights at 0.
      KeptMaskSet before = model.keptMasks();
      float[] fc2Before = model.keptState().get("fc2.weight");
      KeptTopology.Report update = KeptTopology.update(model, new SetUpdater(),
          new UpdateContext(SetUpdater.NAME, 20, 0.3, 1));
      KeptMask fc2 = update.masks().get("fc2.weight");
      assertEquals(20_000, fc2.kept());
      assertEquals(6_000 + 21_000, update.grown()); // ⌊0.3·20,000 + ½⌋ in fc2 and ⌊0.3·70,000 + ½⌋ in fc3
      float[] fc2After = model.keptState().get("fc2.weight");
      KeptMask old = before.get("fc2.weight");
      int carried = 0;
      for (int r = 0, e = 0; r < fc2.rows(); r++) {
        for (int end = fc2.rowStart(r + 1); e < end; e++) {
          if (old.isKept(r, fc2.column(e))) {
            carried++;
          } else {
            assertEquals(0f, fc2After[e], "grown entry " + e);
          }
        }
      }
      assertEquals(14_000, carried);
      assertTrue(fc2Before.length == fc2After.length);
      loss = model.trainStep(x, y, 2, 0.5, 21).loss();
      assertTrue(Double.isFinite(loss), "loss after the update " + loss);
      Map<String, float[]> state = model.keptState();
      assertEquals(20_000, state.get("fc2.weight").length);
      assertEquals(wide, state.get("fc2.bias").length);
      assertEquals(update.masks(), model.keptMasks());
      assertEquals(6, model.logits(x, 2).length);
      IllegalStateException dense = assertThrows(IllegalStateException.class, model::state);
      assertTrue(dense.getMessage().contains("keptState"), dense.getMessage());
      assertThrows(IllegalStateException.class, model::masks);
    }
  }

  @Test
  void aBadKeptMaskIsRefusedNamingIt() {
    assumeCapability(Capability.KEPT_ENTRIES);
    ModelSpec spec = BackendSpecs.mlp();
    Map<String, KeptMask> masks = new LinkedHashMap<>();
    masks.put("nothing.weight", KeptMask.dense(2, 2));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> backend().buildKept(spec, 1, KeptMaskSet.of(masks)));
    assertTrue(unknown.getMessage().contains("nothing.weight"), unknown.getMessage());
    String first = spec.prunable().get(0).name();
    Map<String, KeptMask> wrong = Map.of(first, KeptMask.dense(1, 1));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> backend().buildKept(spec, 1, KeptMaskSet.of(wrong)));
    assertTrue(shape.getMessage().contains(first) && shape.getMessage().contains("shape 1x1"), shape.getMessage());
  }

  private static void assertSameState(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": tensor names");
    expected.forEach((name, v) -> assertArrayEquals(v, actual.get(name), what + ": " + name));
  }
}
