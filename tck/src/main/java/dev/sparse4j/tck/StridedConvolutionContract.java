package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Strided 1×1 convolutions against a float64 reference ({@link StridedConvolutionCheck}): logits, weight and input
 * gradients and one SGD step, for 1–16 input channels. It fails on an engine whose kernels get this layer wrong on
 * the CPU it runs on — e.g. oneDNN's AVX2 1×1 backward-weights kernel on channels-last data (upstream oneDNN issue
 * 6035), which the CPU matrix of {@code .ci/run} selects with {@code ONEDNN_MAX_CPU_ISA=AVX2}.
 */
public abstract class StridedConvolutionContract extends BackendFixture {
  /** One dynamic test per shape. */
  @TestFactory
  public Stream<DynamicTest> stridedOneByOneConvolutionsMatchAFloat64Reference() {
    return StridedConvolutionCheck.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(),
        () -> StridedConvolutionCheck.check(backend(), c).ifPresent(problem -> fail(backend().id() + ", " + c + ": "
            + problem))));
  }
}
