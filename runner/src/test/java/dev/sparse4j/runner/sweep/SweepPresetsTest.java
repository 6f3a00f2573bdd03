package dev.sparse4j.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.runner.report.RunConfig;
import java.util.List;
import java.util.Map;
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
      List<SweepCell> c = part.grid().cells((backend, model, width, allocator, sparsity, pruner, seed) ->
          RunConfig.of(backend, "fashion-mnist", model, width, allocator, Map.of(), sparsity, pruner, Map.of(), seed,
              part.epochs(), 128, 0.1, "step", "sgd", 5e-4, 0.9, true, false, 0, 0, 0));
      assertTrue(c.stream().allMatch(x -> x.config().epochs() == part.epochs()), c.toString());
      cells += c.size();
    }
    // MLP: 3 widths × (1 dense + 5 sparsities × 2 allocators) = 33; ResNet-20: 1 + 2 × 2 = 5.
    assertEquals(38, cells);
  }

  @Test
  void anUnknownPresetNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepPresets.parts("paper"));
    assertEquals("unknown preset 'paper'; presets: paper-fmnist", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SweepPresets.Part(
        SweepPresets.parts(SweepPresets.PAPER_FMNIST).get(0).grid(), 0));
  }
}
