package dev.sparse4j.backend.djl.pytorch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.tck.GoldenTrajectoryContract;
import dev.sparse4j.tck.MaskContract;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The backend contracts catch a backend that does not mask: djl-pytorch behind a proxy whose models ignore
 * {@code applyMasks}, run through {@link MaskContract} and {@link GoldenTrajectoryContract} with JUnit's
 * {@link EngineTestKit}, must fail the masking tests (the real backend passes them in {@link DjlPyTorchTckTest}).
 */
class TckSelfTest {

  /** djl-pytorch, except that its models never apply masks. */
  static SparseBackend skipsMasking() {
    SparseBackend real = new DjlPyTorchProvider().create(BackendOptions.defaults());
    return (SparseBackend) Proxy.newProxyInstance(TckSelfTest.class.getClassLoader(),
        new Class<?>[] {SparseBackend.class}, forward(real, (method, args) -> {
          if (method.getName().equals("build")) {
            SparseModel m = (SparseModel) method.invoke(real, args);
            return Proxy.newProxyInstance(TckSelfTest.class.getClassLoader(), new Class<?>[] {SparseModel.class},
                forward(m, (mm, a) -> mm.getName().equals("applyMasks") ? null : mm.invoke(m, a)));
          }
          return method.invoke(real, args);
        }));
  }

  private interface Call {
    Object apply(java.lang.reflect.Method method, Object[] args) throws Exception;
  }

  private static InvocationHandler forward(Object target, Call call) {
    return (proxy, method, args) -> {
      try {
        return call.apply(method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }

  static class SkipsMaskingContract extends MaskContract {
    @Override
    protected SparseBackend createBackend() {
      return skipsMasking();
    }
  }

  static class SkipsMaskingGolden extends GoldenTrajectoryContract {
    @Override
    protected SparseBackend createBackend() {
      return skipsMasking();
    }
  }

  private static Set<String> failed(Class<?> contract) {
    Set<String> names = new TreeSet<>();
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents().failed().stream()
        .forEach(e -> names.add(e.getTestDescriptor().getDisplayName()));
    return names;
  }

  @Test
  void aBackendThatSkipsMaskingFailsTheMaskingContracts() {
    Set<String> contract = failed(SkipsMaskingContract.class);
    assertTrue(contract.stream().anyMatch(n -> n.toLowerCase().contains("mask")), "failed: " + contract);
    Set<String> golden = failed(SkipsMaskingGolden.class);
    assertTrue(golden.contains("mlp sgd masked") && golden.contains("residual adam masked")
        && !golden.contains("mlp sgd dense"), "only the masked trajectories fail: " + golden);
  }
}
