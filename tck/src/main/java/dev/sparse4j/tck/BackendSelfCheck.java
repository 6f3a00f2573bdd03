package dev.sparse4j.tck;

import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checks a user can run on their own CPU ({@code sparse4j doctor}): the golden PyTorch trajectory
 * ({@link GoldenTrajectoryCheck}), strided 1×1 convolutions against float64 ({@link StridedConvolutionCheck}) and
 * training-mode batch-norm on offset activations against float64 ({@link BatchNormAccuracyCheck}), each as far as
 * the backend's capabilities go. A check that throws is a failed check, not a crash of the run.
 */
public final class BackendSelfCheck {
  /** How the name of every float64 convolution check starts (then the case, e.g. {@code 1×1 conv 2→16 …}). */
  public static final String FLOAT64_PREFIX = "float64 reference: ";

  private BackendSelfCheck() {}

  /**
   * One check's outcome.
   *
   * @param name what was checked, e.g. {@code golden trajectory residual sgd masked}
   * @param passed whether the backend's numbers agree with the reference
   * @param problem what differs first (empty when passed)
   */
  public record Result(String name, boolean passed, String problem) {}

  /** Runs every check {@code backend}'s capabilities allow, in a fixed order. */
  public static List<Result> run(SparseBackend backend) {
    List<Result> out = new ArrayList<>();
    out.add(check("golden initial logits", () -> GoldenTrajectoryCheck.initialLogits(backend)));
    if (backend.capabilities().contains(Capability.INPUT_GRADIENTS)) {
      out.add(check("golden input gradients", () -> GoldenTrajectoryCheck.initialInputGradients(backend)));
    }
    if (backend.capabilities().contains(Capability.PARAM_GRADIENTS)) {
      out.add(check("golden parameter gradients", () -> GoldenTrajectoryCheck.initialParameterGradients(backend)));
    }
    if (backend.capabilities().contains(Capability.TRAIN)) {
      for (String model : GoldenTrajectoryCheck.MODELS) {
        for (String opt : GoldenTrajectoryCheck.OPTIMIZERS) {
          for (String variant : GoldenTrajectoryCheck.VARIANTS) {
            out.add(check("golden trajectory " + model + " " + opt + " " + variant,
                () -> GoldenTrajectoryCheck.trajectory(backend, model, opt, variant)));
          }
        }
      }
    }
    if (backend.capabilities().contains(Capability.PARAM_GRADIENTS)) {
      out.add(check(FLOAT64_PREFIX + "training-mode batch-norm on offset activations", () -> {
        try (SparseModel m = backend.build(BatchNormAccuracyCheck.spec(), 90)) {
          return BatchNormAccuracyCheck.errors(m).entrySet().stream()
              .filter(e -> e.getValue() > BatchNormAccuracyCheck.TOLERANCE).findFirst()
              .map(e -> "gradient of " + e.getKey() + " is " + e.getValue() + " of its scale from the float64 "
                  + "reference (allowed " + BatchNormAccuracyCheck.TOLERANCE + ")");
        }
      }));
    }
    for (StridedConvolutionCheck.Case c : StridedConvolutionCheck.cases()) {
      out.add(check(FLOAT64_PREFIX + c, () -> StridedConvolutionCheck.check(backend, c)));
    }
    return out;
  }

  private static Result check(String name, Supplier<Optional<String>> body) {
    try {
      Optional<String> problem = body.get();
      return new Result(name, problem.isEmpty(), problem.orElse(""));
    } catch (RuntimeException e) {
      return new Result(name, false, "threw " + e);
    }
  }
}
