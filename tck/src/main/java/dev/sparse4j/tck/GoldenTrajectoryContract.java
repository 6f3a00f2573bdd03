package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.spi.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reproduces a trajectory recorded with real PyTorch ({@code tck/src/main/python/golden_trajectory.py}, committed as
 * {@code golden-trajectory.npz}): a tiny MLP and a tiny residual net with batch-norm, each trained 5 steps on fixed
 * batches with a learning-rate change after step 3, with SGD (momentum 0.9, Nesterov, weight decay 5e-4) and Adam
 * (weight decay 5e-4), dense and with a fixed mask. After every step the loss, every parameter, the batch-norm
 * running statistics, every optimizer-state entry and the step count must equal PyTorch's within
 * {@value #ABS} absolute + {@value #REL} relative; so must the evaluation-mode logits and input gradients (initial
 * and final states) and the parameter gradients in training and evaluation mode of the initial state.
 *
 * <p>This is where engines usually differ from PyTorch without anyone noticing: a momentum buffer scaled by the
 * learning rate, Adam's bias correction or ε placement, weight decay applied after the update, batch-norm momentum
 * weighting the wrong side or updating with the biased variance. Skips by capability only. The comparisons
 * themselves are {@link GoldenTrajectoryCheck}'s, which {@code sparse4j doctor} also runs.
 */
public abstract class GoldenTrajectoryContract extends BackendFixture {
  /** Absolute tolerance on every compared value. */
  public static final double ABS = GoldenTrajectoryCheck.ABS;
  /** Relative tolerance on every compared value. */
  public static final double REL = GoldenTrajectoryCheck.REL;

  /** One dynamic test per trajectory: {mlp, residual} × {sgd, adam} × {dense, masked}. */
  @TestFactory
  public Stream<DynamicTest> trainingTrajectoriesMatchPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String model : GoldenTrajectoryCheck.MODELS) {
      for (String opt : GoldenTrajectoryCheck.OPTIMIZERS) {
        for (String variant : GoldenTrajectoryCheck.VARIANTS) {
          tests.add(DynamicTest.dynamicTest(model + " " + opt + " " + variant, () -> {
            assumeCapability(Capability.TRAIN);
            failOn(GoldenTrajectoryCheck.trajectory(backend(), model, opt, variant));
          }));
        }
      }
    }
    return tests.stream();
  }

  @Test
  public void initialLogitsMatchPyTorch() {
    failOn(GoldenTrajectoryCheck.initialLogits(backend()));
  }

  @Test
  public void initialInputGradientsMatchPyTorch() {
    assumeCapability(Capability.INPUT_GRADIENTS);
    failOn(GoldenTrajectoryCheck.initialInputGradients(backend()));
  }

  /** Training mode normalises with batch statistics: PyTorch's gradients in both modes, and no state change. */
  @Test
  public void initialParameterGradientsMatchPyTorchInTrainingAndEvaluationMode() {
    assumeCapability(Capability.PARAM_GRADIENTS);
    failOn(GoldenTrajectoryCheck.initialParameterGradients(backend()));
  }

  private static void failOn(Optional<String> problem) {
    problem.ifPresent(p -> fail(p));
  }
}
