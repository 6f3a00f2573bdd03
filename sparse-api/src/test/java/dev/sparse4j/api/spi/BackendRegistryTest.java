package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sparse4j.api.Versions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

  /** A registry over {@code providers} that sees no system property and no environment variable. */
  private static BackendRegistry registry(SparseBackendProvider... providers) {
    return BackendRegistry.ofProviders(providers).withLookups(k -> null, k -> null);
  }

  private static SparseBackendProvider mockProvider(String id, int priority, Availability availability) {
    SparseBackendProvider p = mock(SparseBackendProvider.class);
    when(p.id()).thenReturn(id);
    when(p.priority()).thenReturn(priority);
    when(p.availability()).thenReturn(availability);
    when(p.capabilities()).thenReturn(EnumSet.of(Capability.TRAIN, Capability.PARAM_GRADIENTS));
    when(p.versions()).thenReturn(Map.of("engine", "1.2.3"));
    when(p.coordinates()).thenReturn("");
    return p;
  }

  @Test
  void noProviderNamesTheCoordinatesToAdd() {
    BackendRegistry r = registry();
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select(null));
    assertTrue(e.getMessage().contains("No sparse4j backend is installed"), e.getMessage());
    assertTrue(e.getMessage().contains(Versions.coordinates("backend-djl-pytorch")), e.getMessage());
    assertTrue(e.getMessage().contains("-Dsparse4j.backend=<id>"), e.getMessage());
    assertTrue(r.providers().isEmpty());
    assertTrue(r.problems().isEmpty());
  }

  @Test
  void unknownIdListsEveryProviderFound() {
    BackendRegistry r = registry(FakeProvider.available("alpha", 10), FakeProvider.unavailable("beta", 5, "no libbeta"));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select("gamma"));
    String m = e.getMessage();
    assertTrue(m.contains("Unknown sparse4j backend 'gamma'"), m);
    assertTrue(m.contains("installed ids: alpha, beta"), m);
    assertTrue(m.contains("alpha (priority 10, available: fake engine ready)"), m);
    assertTrue(m.contains("beta (priority 5, unavailable: no libbeta)"), m);
    assertTrue(m.contains(FakeProvider.class.getName()), m);
    assertTrue(m.contains(Versions.coordinates("backend-djl-pytorch")), m);
  }

  @Test
  void unknownButKnownIdNamesItsArtifact() {
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> registry().select("nd4j"));
    assertTrue(e.getMessage().contains("provided by " + Versions.coordinates("backend-nd4j")), e.getMessage());
    e = assertThrows(BackendUnavailableException.class, () -> registry().select("djl-pytorch"));
    assertTrue(e.getMessage().contains("provided by " + Versions.coordinates("backend-djl-pytorch")), e.getMessage());
  }

  @Test
  void unavailableIdGivesTheReason() {
    BackendRegistry r = registry(
        FakeProvider.unavailable("beta", 5, "libtorch.so not found; add pytorch-native-cpu"),
        FakeProvider.available("alpha", 1));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select("beta"));
    assertTrue(e.getMessage().contains("'beta' (requested explicitly) is installed but not available here"), e.getMessage());
    assertTrue(e.getMessage().contains("libtorch.so not found; add pytorch-native-cpu"), e.getMessage());
    // No silent fallback to alpha.
    BackendUnavailableException viaProperty = assertThrows(BackendUnavailableException.class,
        () -> r.withLookups(k -> k.equals(Backends.PROPERTY) ? "beta" : null, k -> null).select(null));
    assertTrue(viaProperty.getMessage().contains("from system property sparse4j.backend"), viaProperty.getMessage());
  }

  @Test
  void onlyUnavailableProvidersIsAnErrorListingReasons() {
    BackendRegistry r = registry(FakeProvider.unavailable("a", 1, "reason-a"), FakeProvider.unavailable("b", 2, "reason-b"));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select(null));
    assertTrue(e.getMessage().contains("2 found, none usable"), e.getMessage());
    assertTrue(e.getMessage().contains("reason-a") && e.getMessage().contains("reason-b"), e.getMessage());
  }

  @Test
  void selectionOrderIsExplicitThenPropertyThenEnvironmentThenPriority() {
    FakeProvider a = FakeProvider.available("a", 1);
    FakeProvider b = FakeProvider.available("b", 2);
    FakeProvider c = FakeProvider.available("c", 3);
    FakeProvider top = FakeProvider.available("top", 100);
    BackendRegistry base = BackendRegistry.ofProviders(a, b, c, top);
    BackendRegistry both = base.withLookups(k -> k.equals("sparse4j.backend") ? "b" : null,
        k -> k.equals("SPARSE4J_BACKEND") ? "c" : null);
    assertSame(a, both.select("a"));
    assertSame(b, both.select(null));
    assertSame(b, both.select("  "), "a blank explicit id counts as none");
    BackendRegistry envOnly = base.withLookups(k -> null, k -> k.equals("SPARSE4J_BACKEND") ? " C " : null);
    assertSame(c, envOnly.select(null), "environment value is trimmed and case-folded");
    BackendRegistry blankProperty = base.withLookups(k -> "", k -> k.equals("SPARSE4J_BACKEND") ? "c" : null);
    assertSame(c, blankProperty.select(null));
    assertSame(top, base.withLookups(k -> null, k -> null).select(null));
  }

  @Test
  void highestPriorityAvailableWinsAndTiesGoToTheSmallestId() {
    FakeProvider low = FakeProvider.available("low", 1);
    FakeProvider zeta = FakeProvider.available("zeta", 50);
    FakeProvider alpha = FakeProvider.available("alpha", 50);
    FakeProvider best = FakeProvider.unavailable("best", 99, "not here");
    BackendRegistry r = registry(low, zeta, best, alpha);
    assertSame(alpha, r.select(null));
    assertSame(alpha, registry(alpha, zeta).select(null));
    assertSame(alpha, registry(zeta, alpha).select(null), "independent of discovery order");
    assertEquals(List.of("best", "alpha", "zeta", "low"), r.providers().stream().map(ProviderInfo::id).toList());
  }

  @Test
  void duplicateIdsAreAnErrorNamingBothClasses() {
    FakeProvider one = FakeProvider.available("dup", 10);
    OtherFakeProvider two = new OtherFakeProvider("dup", 10);
    FakeProvider other = FakeProvider.available("other", 1);
    BackendRegistry r = registry(one, two, other);
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select("dup"));
    assertTrue(e.getMessage().contains(FakeProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(OtherFakeProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("provided 2 times"), e.getMessage());
    // Chosen by priority: still an error, never an arbitrary pick.
    assertThrows(BackendUnavailableException.class, () -> r.select(null));
    // The other id stays usable, and the duplicate is reported.
    assertSame(other, r.select("other"));
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).contains("backend id 'dup' is provided 2 times"), r.problems().toString());
    assertEquals(List.of("dup", "other"), r.idsWith(Capability.TRAIN));
  }

  @Test
  void brokenConstructorIsSkippedAndReported() {
    FakeProvider good = FakeProvider.available("good", 1);
    List<Supplier<SparseBackendProvider>> suppliers = new ArrayList<>();
    suppliers.add(() -> {
      throw new IllegalStateException("native library libfoo.so missing");
    });
    suppliers.add(() -> good);
    BackendRegistry r = BackendRegistry.of(suppliers).withLookups(k -> null, k -> null);
    assertSame(good, r.select(null));
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).contains("could not be loaded and was skipped"), r.problems().get(0));
    assertTrue(r.problems().get(0).contains("libfoo.so missing"), r.problems().get(0));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select("missing"));
    assertTrue(e.getMessage().contains("libfoo.so missing"), "problems appear in error messages: " + e.getMessage());
  }

  @Test
  void serviceConfigurationErrorFromTheIteratorIsSkipped() {
    FakeProvider good = FakeProvider.available("good", 1);
    // Behaves like ServiceLoader's iterator: the failing element is consumed, the next one is still reached.
    Iterator<SparseBackendProvider> it = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < 3;
      }

      @Override
      public SparseBackendProvider next() {
        int k = i++;
        if (k == 0) {
          throw new ServiceConfigurationError("Provider com.example.Broken could not be instantiated",
              new UnsatisfiedLinkError("no jnifoo in java.library.path"));
        }
        if (k == 1) {
          throw new ServiceConfigurationError("Provider com.example.Missing not found");
        }
        return good;
      }
    };
    BackendRegistry r = BackendRegistry.fromIterator(it).withLookups(k -> null, k -> null);
    assertSame(good, r.select(null));
    assertEquals(2, r.problems().size());
    assertTrue(r.problems().get(0).contains("com.example.Broken"), r.problems().toString());
    assertTrue(r.problems().get(0).contains("no jnifoo"), r.problems().toString());
    assertTrue(r.problems().get(1).contains("com.example.Missing"), r.problems().toString());
  }

  @Test
  void anIteratorThatAlwaysFailsStops() {
    Iterator<SparseBackendProvider> it = new Iterator<>() {
      @Override
      public boolean hasNext() {
        throw new ServiceConfigurationError("broken services file");
      }

      @Override
      public SparseBackendProvider next() {
        throw new AssertionError();
      }
    };
    BackendRegistry r = BackendRegistry.fromIterator(it);
    assertEquals(NamedServices.MAX_ERRORS + 1, r.problems().size());
    assertTrue(r.providers().isEmpty());
  }

  @Test
  void availabilityThatThrowsIsReportedAsUnavailable() {
    SparseBackendProvider flaky = mock(SparseBackendProvider.class);
    when(flaky.id()).thenReturn("flaky");
    when(flaky.priority()).thenReturn(100);
    when(flaky.capabilities()).thenReturn(Set.of(Capability.TRAIN));
    when(flaky.versions()).thenReturn(Map.of());
    when(flaky.availability()).thenThrow(new IllegalStateException("probe crashed"));
    SparseBackendProvider steady = mockProvider("steady", 1, Availability.available("ok"));
    BackendRegistry r = registry(flaky, steady);
    assertSame(steady, r.select(null), "a throwing availability() must not stop the others");
    ProviderInfo info = r.providers().get(0);
    assertEquals("flaky", info.id());
    assertFalse(info.available());
    assertTrue(info.availability().reason().contains("probe crashed"), info.availability().reason());
    assertTrue(r.problems().get(0).contains("availability() threw"), r.problems().toString());
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> r.select("flaky"));
    assertTrue(e.getMessage().contains("probe crashed"), e.getMessage());
    verify(flaky, never()).create(any());
  }

  @Test
  void descriptorMethodsThatThrowSkipTheProvider() {
    SparseBackendProvider noId = mock(SparseBackendProvider.class);
    when(noId.id()).thenThrow(new RuntimeException("id exploded"));
    SparseBackendProvider badCaps = mockProvider("bad-caps", 5, Availability.available("ok"));
    when(badCaps.capabilities()).thenThrow(new RuntimeException("caps exploded"));
    SparseBackendProvider blank = mockProvider(" ", 5, Availability.available("ok"));
    SparseBackendProvider fine = mockProvider("fine", 1, Availability.available("ok"));
    BackendRegistry r = registry(noId, badCaps, blank, fine);
    assertEquals(List.of("fine"), r.providers().stream().map(ProviderInfo::id).toList());
    String problems = String.join("\n", r.problems());
    assertTrue(problems.contains("id() threw") && problems.contains("id exploded"), problems);
    assertTrue(problems.contains("'bad-caps'") && problems.contains("capabilities() threw"), problems);
    assertTrue(problems.contains("has no id"), problems);
  }

  @Test
  void providerInfoSnapshotsTheDescriptor() {
    SparseBackendProvider p = mockProvider("djl-pytorch", 100, Availability.available("libtorch 2.7.1 found"));
    ProviderInfo info = registry(p).providers().get(0);
    assertEquals("djl-pytorch", info.id());
    assertEquals(100, info.priority());
    assertTrue(info.available());
    assertEquals(EnumSet.of(Capability.TRAIN, Capability.PARAM_GRADIENTS), info.capabilities());
    assertEquals(Map.of("engine", "1.2.3"), info.versions());
    assertEquals(Versions.coordinates("backend-djl-pytorch"), info.coordinates(), "known id gets default coordinates");
    assertFalse(info.location().isBlank());
    assertEquals(p.getClass().getName(), info.className());
  }

  @Test
  void locationOfAClassFromAJarOrDirectory() {
    assertTrue(NamedServices.locationOf(FakeProvider.class).contains("test-classes"),
        NamedServices.locationOf(FakeProvider.class));
    assertTrue(NamedServices.locationOf(Test.class).endsWith(".jar"), NamedServices.locationOf(Test.class));
    assertEquals("module java.base", NamedServices.locationOf(String.class));
  }

  @Test
  void idsWithListsOnlyAvailableProvidersDeclaringTheCapability() {
    FakeProvider train = FakeProvider.available("t", 1);
    FakeProvider grads = new FakeProvider("g", 5, Availability.available("ok"),
        EnumSet.of(Capability.TRAIN, Capability.INPUT_GRADIENTS));
    FakeProvider off = new FakeProvider("off", 9, Availability.unavailable("no"), EnumSet.of(Capability.INPUT_GRADIENTS));
    BackendRegistry r = registry(train, grads, off);
    assertEquals(List.of("g", "t"), r.idsWith(Capability.TRAIN));
    assertEquals(List.of("g"), r.idsWith(Capability.INPUT_GRADIENTS));
    assertEquals(List.of(), r.idsWith(Capability.GPU));
  }

  @Test
  void createPassesOptionsAndWrapsStartupFailures() {
    SparseBackendProvider p = mockProvider("eng", 1, Availability.available("ok"));
    SparseBackend backend = mock(SparseBackend.class);
    BackendOptions opts = new BackendOptions(Map.of("threads", "2"));
    when(p.create(opts)).thenReturn(backend);
    assertSame(backend, registry(p).create(null, opts));

    SparseBackendProvider q = mockProvider("eng", 1, Availability.available("ok"));
    when(q.create(any())).thenThrow(new UnsatisfiedLinkError("libtorch_cpu.so: cannot open shared object file"));
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> registry(q).create("eng", null));
    assertTrue(e.getMessage().contains("backend 'eng' failed to start"), e.getMessage());
    assertTrue(e.getMessage().contains("libtorch_cpu.so"), e.getMessage());
    verify(q).create(BackendOptions.defaults());

    // A bad option is the caller's to fix: it passes through as it is, not as a "failed to start".
    SparseBackendProvider o = mockProvider("eng", 1, Availability.available("ok"));
    when(o.create(any())).thenThrow(new IllegalArgumentException("unknown option [colour] for backend eng"));
    assertEquals("unknown option [colour] for backend eng", assertThrows(IllegalArgumentException.class,
        () -> registry(o).create("eng", new BackendOptions(Map.of("colour", "blue")))).getMessage());

    SparseBackendProvider r = mockProvider("eng", 1, Availability.available("ok"));
    BackendUnavailableException own = new BackendUnavailableException("engine said no");
    when(r.create(any())).thenThrow(own);
    assertSame(own, assertThrows(BackendUnavailableException.class, () -> registry(r).create("eng", null)));

    SparseBackendProvider nul = mockProvider("eng", 1, Availability.available("ok"));
    when(nul.create(any())).thenReturn(null);
    assertTrue(assertThrows(BackendUnavailableException.class, () -> registry(nul).create(null, null))
        .getMessage().contains("returned no backend"));
  }
}
