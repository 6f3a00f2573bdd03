package com.example.modulepath;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Run on the module path with the backend ids to expect as arguments: finds the user's pruner through
 * {@code provides}, masks an MLP with it, and on every named backend builds the model, applies the masks, takes one
 * training step where the backend trains, and compares the logits with the first backend's. Exits 1 on any failure.
 */
public final class Main {
  private Main() {}

  /** Entry point; prints one line per backend. */
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: Main BACKEND_ID...  (e.g. djl-pytorch sparse-cpu)");
      System.exit(2);
    }
    List<String> failures = new ArrayList<>();
    Pruner pruner = Pruners.get(StripesPruner.NAME);
    if (!"com.example.modulepath".equals(pruner.getClass().getModule().getName())) {
      failures.add("the pruner came from " + pruner.getClass().getModule() + ", not the application module");
    }
    System.out.println("module " + Main.class.getModule().getName() + ": pruner '" + pruner.name() + "' found");
    ModelSpec spec = Models.create("mlp", ModelOptions.of(new int[] {1, 4, 4}, 3));
    DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), Density.ofSparsity(0.5));
    MaskSet masks = pruner.prune(spec, plan, PruneContext.ofSeed(1));
    float[] x = new float[2 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) / 7f;
    }
    float[] reference = null;
    String referenceId = null;
    for (String id : args) {
      try (SparseBackend backend = Backends.create(id); SparseModel model = backend.build(spec, 0)) {
        model.applyMasks(masks);
        float[] logits = model.logits(x, 2);
        if (reference == null) {
          reference = logits;
          referenceId = id;
        } else {
          for (int i = 0; i < logits.length; i++) {
            if (Math.abs(logits[i] - reference[i]) > 1e-4f) {
              failures.add(id + " logits " + Arrays.toString(logits) + " differ from " + referenceId + "'s "
                  + Arrays.toString(reference));
              break;
            }
          }
        }
        String step = "";
        if (model.capabilities().contains(Capability.TRAIN)) {
          model.setOptimizer(OptimizerConfig.paperSgd());
          step = String.format(", one step loss %.4f", model.trainStep(x, new int[] {0, 2}, 2, 0.1).loss());
        }
        System.out.printf("backend %s (module %s): logits[0] %.5f%s%n", id,
            backend.getClass().getModule().getName(), logits[0], step);
      } catch (RuntimeException | LinkageError e) {
        failures.add(id + ": " + e);
      }
    }
    if (!failures.isEmpty()) {
      failures.forEach(f -> System.err.println("FAILED " + f));
      System.exit(1);
    }
    System.out.println("module path: " + args.length + " backends and the application's pruner work");
  }
}
