package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup by name, options round-trip, and discovery of user allocators through ServiceLoader. */
class AllocatorsRegistryTest {
  private static final List<ParamSpec> NET = ResNet20.layers();

  @AfterEach
  void forget() {
    Allocators.reset();
  }

  @Test
  void builtinsAreListedInOrder() {
    assertEquals(List.of("dense", "uniform", "er", "erk", "uniform-plus", "erk-plus", "custom"),
        Allocators.names().subList(0, 7));
    // The pruner-ratio allocators are registered as services after the built-ins.
    assertEquals(List.of("snip-ratio", "grasp-ratio", "synflow-ratio", "magnitude-ratio"),
        Allocators.names().subList(7, 11));
    assertEquals(Allocators.names(), Allocators.all().stream().map(DensityAllocator::name).toList());
    assertInstanceOf(ErkAllocator.class, Allocators.get("erk"));
    assertInstanceOf(UniformPlusAllocator.class, Allocators.get(" Uniform-Plus "));
  }

  @Test
  void configureReturnsANewInstanceAndConfigRoundTrips() {
    DensityAllocator erk = Allocators.get("erk");
    DensityAllocator half = erk.configure(Map.of("powerScale", "0.5"));
    assertNotEquals(erk, half);
    assertEquals(Map.of("power-scale", "1.0"), erk.config());
    assertEquals(half, Allocators.get("erk", half.config()));
    for (DensityAllocator a : List.of(new ErkPlusAllocator(0.3, 0.7), new ErAllocator(2.0),
        CustomAllocator.of(Map.of("conv1.weight", 1.0, "fc.weight", 0.25)), new UniformAllocator())) {
      DensityAllocator again = Allocators.get(a.name(), a.config());
      assertEquals(a, again);
      assertEquals(a.allocate(NET, Density.of(0.2)), again.allocate(NET, Density.of(0.2)));
    }
  }

  @Test
  void customOptionSyntax() {
    DensityAllocator a = Allocators.get("custom", Map.of("densities", " conv1.weight:1.0 , fc.weight:0.5"));
    assertEquals(Map.of("conv1.weight", 1.0, "fc.weight", 0.5), ((CustomAllocator) a).densities());
    assertEquals("conv1.weight:1.0,fc.weight:0.5", a.config().get("densities"));
  }

  @Test
  void userAllocatorInItsOwnJarShowsUp(@TempDir Path jar) throws IOException {
    withServices(jar, UserAllocator.class.getName(), () -> {
      assertTrue(Allocators.names().contains("user-half"), Allocators.names().toString());
      assertEquals("user-half", Allocators.names().get(Allocators.names().size() - 1));
      DensityPlan p = Allocators.get("user-half").allocate(NET, Density.of(0.5));
      assertEquals(0.5, p.density("fc.weight"));
      return null;
    });
  }

  @Test
  void duplicateNamesAreAnError(@TempDir Path jar) throws IOException {
    withServices(jar, SecondErk.class.getName(), () -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Allocators.get("erk"));
      assertTrue(e.getMessage().contains("two allocators are named 'erk'"), e.getMessage());
      assertTrue(e.getMessage().contains(SecondErk.class.getName()), e.getMessage());
      // Where each comes from, so a user sees which plugin jar to remove.
      assertTrue(e.getMessage().contains("(from ") && e.getMessage().contains("SPARSE4J_PLUGINS"), e.getMessage());
      return null;
    });
  }

  @Test
  void brokenProviderIsSkippedAndReported(@TempDir Path jar) throws IOException {
    withServices(jar, "com.example.DoesNotExist\n" + UserAllocator.class.getName(), () -> {
      assertTrue(Allocators.names().contains("user-half"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Allocators.get("nope"));
      assertTrue(e.getMessage().contains("Skipped broken providers") && e.getMessage().contains("DoesNotExist"),
          e.getMessage());
      return null;
    });
  }

  @Test
  void builtinServiceFileIsNotCountedTwice() {
    // sparse-api's own META-INF/services lists the built-ins; they must not clash with themselves.
    assertEquals(11, Allocators.all().size(), "7 built-ins and the 4 pruner-ratio allocators");
    assertSame(Allocators.get("erk"), Allocators.get("erk"));
  }

  /** Runs {@code body} with a context class loader that sees an extra service file, like a user's jar. */
  private static void withServices(Path dir, String lines, Supplier<Void> body) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(DensityAllocator.class.getName()), lines + "\n");
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, old)) {
      t.setContextClassLoader(loader);
      Allocators.reset();
      body.get();
    } finally {
      t.setContextClassLoader(old);
      Allocators.reset();
    }
  }

  /** A user allocator: 50% everywhere regardless of the target. */
  public static final class UserAllocator implements DensityAllocator {
    @Override
    public String name() {
      return "user-half";
    }

    @Override
    public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
      return new UniformAllocator().allocate(prunable, Density.of(0.5));
    }
  }

  /** Claims a built-in's name. */
  public static final class SecondErk implements DensityAllocator {
    @Override
    public String name() {
      return "erk";
    }

    @Override
    public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
      return new DensityPlan("erk", Map.of(), density.value(), List.of(), OptionalDouble.empty(), List.of(), 0);
    }
  }
}
