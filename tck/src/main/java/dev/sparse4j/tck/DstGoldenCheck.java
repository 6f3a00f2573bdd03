package dev.sparse4j.tck;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.StepResult;
import dev.sparse4j.prune.dst.TopologyEngine;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import java.util.List;
import java.util.Optional;

/**
 * SET and RigL against PyTorch ({@code golden-dst.npz}, written by {@code tck/src/main/python/golden_dst.py}): from
 * the golden trajectory's initial state and batches, with the last prunable layer kept dense, five steps each after
 * a topology update (fraction 0.3, run seed 7): the masks after every update exactly, then the loss, every state
 * tensor and optimizer-state entry after every step within {@link GoldenTrajectoryCheck#ABS} +
 * {@link GoldenTrajectoryCheck#REL}·|expected|. JUnit-free, so {@code sparse4j doctor} can run it too.
 */
public final class DstGoldenCheck {
  /** The recorded updaters. */
  public static final List<String> UPDATERS = List.of("set", "rigl");

  private static final double FRACTION = 0.3;
  private static final long RUN_SEED = 7;
  private static final double WEIGHT_DECAY = 5e-4;

  private DstGoldenCheck() {}

  /**
   * One recorded run on {@code backend}: {@code model} ({@code mlp} or {@code residual}), {@code updater} ({@code set}
   * or {@code rigl}), {@code opt} ({@code sgd} or {@code adam}).
   *
   * @return the first disagreement, or nothing
   */
  public static Optional<String> trajectory(SparseBackend backend, String model, String updater, String opt) {
    String fixture = GoldenFixture.DST;
    ModelSpec spec = GoldenTrajectoryCheck.spec(model);
    TopologyUpdater u = TopologyUpdaters.get(updater);
    try (SparseModel m = GoldenTrajectoryCheck.atInitialState(backend, model)) {
      m.applyMasks(GoldenFixture.masks(fixture, model + "/mask0", spec));
      m.setOptimizer(opt.equals("sgd") ? OptimizerConfig.paperSgd() : OptimizerConfig.adam(WEIGHT_DECAY));
      double[] lrs = GoldenFixture.array("lr/" + opt).doubles();
      String prefix = model + "/" + updater + "/" + opt;
      for (int step = 0; step < GoldenFixture.STEPS; step++) {
        String at = prefix + "/step" + step;
        float[] x = GoldenFixture.floats(model + "/batch" + step + "/x");
        int[] y = GoldenFixture.ints(model + "/batch" + step + "/y");
        MaskSet masks = TopologyEngine.update(m, u, new UpdateContext(u.name(), step, FRACTION, RUN_SEED), x, y,
            GoldenFixture.BATCH).masks();
        MaskSet expected = GoldenFixture.masks(fixture, at + "/mask", spec);
        for (String name : expected.names()) {
          if (!expected.get(name).equals(masks.get(name))) {
            return Optional.of(at + " mask of " + name + " after the topology update differs from PyTorch's ("
                + expected.get(name).kept() + " kept there, " + masks.get(name).kept() + " here)");
          }
        }
        StepResult r = m.trainStep(x, y, GoldenFixture.BATCH, lrs[step]);
        double loss = GoldenFixture.array(fixture, at + "/loss").doubles()[0];
        Optional<String> problem = GoldenTrajectoryCheck.compare(new double[] {loss}, new float[] {(float) r.loss()},
            at + " loss")
            .or(() -> GoldenTrajectoryCheck.compareGroup(fixture, at + "/state", m.state(), at + " "))
            .or(() -> GoldenTrajectoryCheck.compareGroup(fixture, at + "/opt", m.optimizerState(),
                at + " optimizer state "));
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }
  }
}
