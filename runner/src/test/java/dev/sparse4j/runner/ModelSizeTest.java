package dev.sparse4j.runner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import org.junit.jupiter.api.Test;

class ModelSizeTest {
  private static ModelSpec mlp(double width) {
    return Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10).withWidth(width));
  }

  @Test
  void aTensorOverTwoGigabytesIsNamedInBytesNotAnOverflow() {
    // ×140: fc2.weight has 588 M values = 2.19 GB, which overflowed an int byte count before.
    RunException e = assertThrows(RunException.class, () -> ModelSize.check(mlp(140), "model mlp ×140", 1L << 40));
    assertTrue(e.getMessage().contains("fc2.weight") && e.getMessage().contains("588,000,000 values")
        && e.getMessage().contains("2.19 GB") && e.getMessage().contains("--width"), e.getMessage());
  }

  @Test
  void theHeapEstimateSaysHowMuchAndWhatToSet() {
    // ×30: 30 M parameters = 0.11 GB; three copies do not fit in 256 MB.
    RunException e = assertThrows(RunException.class, () -> ModelSize.check(mlp(30), "model mlp ×30", 256L << 20));
    assertTrue(e.getMessage().contains("Java heap") && e.getMessage().contains("JAVA_OPTS=-Xmx")
        && e.getMessage().contains("0.25 GB"), e.getMessage());
    assertDoesNotThrow(() -> ModelSize.check(mlp(1), "model mlp", 256L << 20));
  }

  @Test
  void aModelOfTenBillionWeightsIsCountedByWhatTheBackendHolds() {
    ModelSpec huge = Models.create("mlp-2x100000", ModelOptions.of(new int[] {1, 28, 28}, 10));
    RunException dense = assertThrows(RunException.class, () -> ModelSize.check(huge, "model huge", 1L << 40));
    assertTrue(dense.getMessage().contains("10,000,000,000 values") && dense.getMessage().contains("--kept-entries"),
        dense.getMessage());
    DensityPlan plan = Allocators.get("erk").allocate(huge.prunable(), Density.ofSparsity(0.999));
    MaskCounts kept = KeptRun.counts(plan);
    // 10.08 M kept weights and 0.2 M dense biases, 32 bytes each (28 held, 4 for the copy written): 0.33 GB, not
    // 3 × 40 GB.
    long bytes = ModelSize.checkKept(huge, kept, "model huge", 1L << 30);
    assertTrue(bytes > 325_000_000L && bytes < 335_000_000L, "bytes " + bytes);
    RunException small = assertThrows(RunException.class, () -> ModelSize.checkKept(huge, kept, "model huge",
        256L << 20));
    assertTrue(small.getMessage().contains("10,079,400 kept weights") && small.getMessage().contains("--sparsity"),
        small.getMessage());
    assertFalse(ModelSize.fitsDense(huge, 1L << 40));
  }
}
