package dev.sparse4j.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.runner.report.RunConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presets are data: typed grids with their epochs, described as the sweep options the README shows. */
class SweepPresetsTest {

  @Test
  void paperFmnistIsTheTwoDocumentedSweeps() {
    assertEquals("--model mlp --widths 1,4,16 --sparsities 0.5,0.8,0.9,0.95,0.98 --allocators erk,uniform --seeds 0"
        + " --epochs 5 + --model resnet20 --widths 1 --sparsities 0.9,0.98 --allocators erk,uniform --seeds 0"
        + " --epochs 3", SweepPresets.describe(SweepPresets.PAPER_FMNIST));
  }

  @Test
  void paperFmnistHas38Cells() {
    int cells = 0;
    for (SweepPresets.Part part : SweepPresets.parts(SweepPresets.PAPER_FMNIST)) {
      List<SweepCell> c = part.grid().cells((backend, model, width, allocator, sparsity, pruner, dst, seed) ->
          RunConfig.builder().backend(backend).model(model).width(width).allocator(allocator).sparsity(sparsity)
              .pruner(pruner).seed(seed).epochs(part.epochs()).build());
      assertTrue(c.stream().allMatch(x -> x.config().epochs() == part.epochs()), c.toString());
      cells += c.size();
    }
    // MLP: 3 widths × (1 dense + 5 sparsities × 2 allocators) = 33; ResNet-20: 1 + 2 × 2 = 5.
    assertEquals(38, cells);
  }

  @Test
  void dstFmnistComparesStaticSetAndRigl() {
    List<SweepPresets.Part> parts = SweepPresets.parts(SweepPresets.DST_FMNIST);
    assertEquals(1, parts.size());
    SweepGrid g = parts.get(0).grid();
    assertEquals(List.of("static", "set", "rigl"), g.dsts());
    List<SweepCell> c = g.cells((backend, model, width, allocator, sparsity, pruner, dst, seed) ->
        RunConfig.builder().backend(backend).model(model).width(width).allocator(allocator).sparsity(sparsity)
            .pruner(pruner).seed(seed).epochs(3).build());
    // 2 widths × 3 seeds × (1 dense + 3 sparsities × 3 updaters) = 60.
    assertEquals(60, c.size());
    assertEquals(5, parts.get(0).epochs());
    assertTrue(parts.get(0).asOptions().containsAll(List.of("--dsts", "static,set,rigl")),
        parts.get(0).asOptions().toString());
  }

  @Test
  void anUnknownPresetNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepPresets.parts("paper"));
    assertEquals("unknown preset 'paper'; presets: paper-fmnist, dst-fmnist", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SweepPresets.Part(
        SweepPresets.parts(SweepPresets.PAPER_FMNIST).get(0).grid(), 0));
  }
}
