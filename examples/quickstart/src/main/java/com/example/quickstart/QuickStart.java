package com.example.quickstart;

import dev.sparse4j.api.Density;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.io.data.FashionMnist;
import dev.sparse4j.io.data.MnistDigitsJson;
import dev.sparse4j.io.data.Split;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.Sparsifier;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.train.Checkpointer;
import dev.sparse4j.train.Trainer;
import dev.sparse4j.train.TrainingConfig;
import dev.sparse4j.train.TrainingListener;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.metrics.ModelEvaluator;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The root README's "In Java" example, compiled and run by {@code QuickStartTest} on real data so that the snippet
 * cannot rot: prune ResNet-20 (or any zoo model) at random with ERK at 90 % sparsity, train it sparse, evaluate
 * accuracy, calibration and OOD detection. The README shows the lines between the {@code README} markers verbatim.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the example.
   *
   * @param model a zoo model name ({@code "resnet20"}, {@code "mlp"})
   * @param epochs epochs to train
   * @param trainLimit how many training examples to use (the README uses all 60,000)
   * @param runDir where checkpoints go
   * @return the evaluation of the trained sparse network
   */
  public static EvaluationResult run(String model, int epochs, int trainLimit, Path runDir) throws IOException {
    // README:begin
    ModelSpec spec = Models.create(model, ModelOptions.of(new int[] {1, 28, 28}, 10));
    DataDirectory data = DataDirectory.resolve();                      // scripts/install-data.sh puts it there
    Dataset train = FashionMnist.load(data, Split.TRAIN);
    Dataset test = FashionMnist.load(data, Split.TEST);

    try (SparseBackend backend = Backends.create("djl-pytorch");      // or "nd4j", "djl-tensorflow"
         SparseModel net = backend.build(spec, 0)) {
      Sparsifier sparsifier = Sparsifier.of(Allocators.get("erk"), Pruners.get("random"));
      Sparsifier.Result pruned = sparsifier.sparsify(net, Density.ofSparsity(0.9), PruneContext.ofSeed(0));
      net.applyMasks(pruned.masks());                                  // pruned weights stay 0.0 after every step
      TrainingConfig config = TrainingConfig.builder().epochs(epochs).trainLimit(trainLimit).noAugmentation().build();
      new Trainer().fit(net, train, test, config, TrainingListener.logging(), Checkpointer.in(runDir));
      return new ModelEvaluator().evaluate(net, test, Map.of("mnist", MnistDigitsJson.load(data)));
    }
    // README:end
  }

  /**
   * {@code java -cp … com.example.quickstart.QuickStart [model] [epochs]}: ResNet-20 for 10 epochs by default.
   *
   * @param args optional model name and epoch count
   */
  public static void main(String[] args) throws IOException {
    String model = args.length > 0 ? args[0] : "resnet20";
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    EvaluationResult r = run(model, epochs, Integer.MAX_VALUE, Path.of("runs", "quickstart", "checkpoints"));
    System.out.printf("%s, 90 %% sparse (ERK, random): accuracy %.4f, NLL %.4f, ECE %.4f, OOD (MNIST) energy AUROC "
        + "%.4f%n", model, r.accuracy(), r.classification().nll(), r.classification().calibration().ece(),
        r.ood().get("mnist").byScore().get("energy").auroc());
  }
}
