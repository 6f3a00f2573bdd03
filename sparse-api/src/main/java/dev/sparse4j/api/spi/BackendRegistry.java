package dev.sparse4j.api.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot of the installed {@link SparseBackendProvider}s and the rules for choosing one. {@link Backends} keeps
 * one, loaded through {@link ServiceLoader}; tests and tools build their own with {@link #of(Iterable)}.
 *
 * <p>Selection: an explicit id, else the system property {@value Backends#PROPERTY}, else the environment variable
 * {@value Backends#ENVIRONMENT_VARIABLE}, else the available provider with the highest {@link
 * SparseBackendProvider#priority() priority}; among equal priorities the lexicographically smallest id wins, so the
 * choice never depends on class-path order. There is no silent fallback: an unknown or unavailable id, no provider
 * at all, or a duplicated id throws {@link BackendUnavailableException} listing everything that was found.
 *
 * <p>A provider whose constructor, {@code id()}, {@code priority()}, {@code capabilities()} or {@code versions()}
 * throws is skipped and reported in {@link #problems()}; one whose {@code availability()} throws is listed as
 * unavailable. Neither stops the other providers from being used.
 *
 * <p>Immutable and thread-safe (providers' availability is read once, when the registry is built).
 */
public final class BackendRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);


  private final List<Entry> entries;
  private final List<String> problems;
  private final UnaryOperator<String> systemProperty;
  private final UnaryOperator<String> environment;

  /** One provider with the snapshot taken of it. */
  private record Entry(SparseBackendProvider provider, ProviderInfo info) {}

  private BackendRegistry(
      List<Entry> entries, List<String> problems, UnaryOperator<String> systemProperty,
      UnaryOperator<String> environment) {
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
    this.systemProperty = Objects.requireNonNull(systemProperty, "systemProperty");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * Finds providers with {@link ServiceLoader} on the module path and the class path of {@code loader} (the
   * context class loader when {@code null}).
   */
  public static BackendRegistry load(ClassLoader loader) {
    ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = BackendRegistry.class.getClassLoader();
    }
    ServiceLoader<SparseBackendProvider> serviceLoader = ServiceLoader.load(SparseBackendProvider.class, cl);
    return fromIterator(serviceLoader.iterator());
  }

  /**
   * A registry over explicit provider factories; a factory that throws counts as a provider whose constructor
   * failed (skipped and reported). Selection reads the real system properties and environment.
   */
  public static BackendRegistry of(Iterable<? extends Supplier<? extends SparseBackendProvider>> providers) {
    Iterator<? extends Supplier<? extends SparseBackendProvider>> suppliers = providers.iterator();
    return fromIterator(new Iterator<SparseBackendProvider>() {
      @Override
      public boolean hasNext() {
        return suppliers.hasNext();
      }

      @Override
      public SparseBackendProvider next() {
        // Advance first, so a throwing factory is consumed and the next one is still reached.
        Supplier<? extends SparseBackendProvider> s = suppliers.next();
        try {
          return s.get();
        } catch (RuntimeException | LinkageError e) {
          throw new ServiceConfigurationError(
              SparseBackendProvider.class.getName() + ": Provider could not be instantiated", e);
        }
      }
    });
  }

  /** A registry over already-built providers. */
  public static BackendRegistry ofProviders(SparseBackendProvider... providers) {
    List<Supplier<SparseBackendProvider>> list = new ArrayList<>();
    for (SparseBackendProvider p : providers) {
      list.add(() -> p);
    }
    return of(list);
  }

  /**
   * Reads providers from an iterator that may throw {@link ServiceConfigurationError} (or any runtime exception)
   * for a broken provider and then carry on, as {@link ServiceLoader}'s does.
   */
  static BackendRegistry fromIterator(Iterator<? extends SparseBackendProvider> it) {
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (SparseBackendProvider provider : NamedServices.discover(it, "backend", problems)) {
      Entry entry = inspect(provider, problems);
      if (entry != null) {
        entries.add(entry);
      }
    }
    addDuplicateProblems(entries, problems);
    if (!problems.isEmpty()) {
      // One message, so a broken class path is reported once and not once per provider.
      LOG.warn("sparse4j backends: {} problem(s) while loading providers:\n  - {}", problems.size(),
          String.join("\n  - ", problems));
    }
    LOG.debug("sparse4j backends found: {}", entries.stream().map(e -> e.info().id()).toList());
    return new BackendRegistry(entries, problems, System::getProperty, System::getenv);
  }

  /**
   * A copy that reads the system property and the environment variable through the given functions (each
   * returns {@code null} when unset); for tests.
   */
  public BackendRegistry withLookups(UnaryOperator<String> systemProperty, UnaryOperator<String> environment) {
    return new BackendRegistry(entries, problems, systemProperty, environment);
  }

  /** Every provider found (including unavailable and duplicated ones), highest priority first, then by id. */
  public List<ProviderInfo> providers() {
    return sorted().stream().map(Entry::info).toList();
  }

  /** What went wrong while loading providers: skipped providers, failing availability checks, duplicate ids. */
  public List<String> problems() {
    return problems;
  }

  /** Ids of the available providers that declare {@code capability}, highest priority first. */
  public List<String> idsWith(Capability capability) {
    Set<String> ids = new LinkedHashSet<>();
    for (Entry e : sorted()) {
      if (e.info().available() && e.info().capabilities().contains(capability)) {
        ids.add(e.info().id());
      }
    }
    return List.copyOf(ids);
  }

  /**
   * Chooses a provider: {@code idOrNull} if given, else the system property, else the environment variable, else
   * the highest-priority available one. Logs the choice and the alternatives.
   *
   * @throws BackendUnavailableException when nothing is installed, the id is unknown or unavailable, or the chosen
   *     id is provided twice; the message lists every provider found and the Maven coordinates to add
   */
  public SparseBackendProvider select(String idOrNull) {
    String requested = null;
    String source = null;
    for (String[] candidate : new String[][] {
        {idOrNull, "requested explicitly"},
        {systemProperty.apply(Backends.PROPERTY), "from system property " + Backends.PROPERTY},
        {environment.apply(Backends.ENVIRONMENT_VARIABLE),
            "from environment variable " + Backends.ENVIRONMENT_VARIABLE}}) {
      if (candidate[0] != null && !candidate[0].isBlank()) {
        requested = candidate[0].trim().toLowerCase(Locale.ROOT);
        source = candidate[1];
        break;
      }
    }
    Entry chosen = requested != null ? byId(requested, source) : byPriority();
    LOG.info("sparse4j backend: using '{}' ({}, priority {}, {}){}",
        chosen.info().id(), chosen.info().className(), chosen.info().priority(),
        requested != null ? source : "highest-priority available", alternatives(chosen));
    return chosen.provider();
  }

  /**
   * Selects a provider as {@link #select(String)} does and starts its backend.
   *
   * @param idOrNull a provider id, or {@code null} to choose by property, environment, then priority
   * @param options backend options; {@code null} means none
   * @throws BackendUnavailableException if no provider can be selected or the engine fails to start
   * @throws IllegalArgumentException for a bad option (as the provider says, e.g. an unknown key)
   */
  public SparseBackend create(String idOrNull, BackendOptions options) {
    SparseBackendProvider provider = select(idOrNull);
    BackendOptions opts = options != null ? options : BackendOptions.defaults();
    SparseBackend backend;
    try {
      backend = provider.create(opts);
    } catch (BackendUnavailableException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // A bad option (unknown key, bad value): the caller's to fix, and the message names it.
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("backend '" + safeId(provider) + "' failed to start: " + NamedServices.describe(e)
          + "\n" + report(), e);
    }
    if (backend == null) {
      throw new BackendUnavailableException("backend provider '" + safeId(provider) + "' ("
          + provider.getClass().getName() + ") returned no backend from create(); this is a bug in that provider");
    }
    return backend;
  }

  /**
   * Everything found, as lines for error messages and {@code sparse4j backends}: providers, problems, and the
   * Maven coordinates to add.
   */
  public String report() {
    StringBuilder sb = new StringBuilder();
    List<Entry> all = sorted();
    if (all.isEmpty()) {
      sb.append("No sparse4j backend provider was found on the class path or module path.\n");
    } else {
      sb.append("Backend providers found (").append(all.size()).append("):\n");
      for (Entry e : all) {
        sb.append("  - ").append(e.info().describe()).append('\n');
      }
    }
    if (!problems.isEmpty()) {
      sb.append("Problems while loading backend providers:\n");
      for (String p : problems) {
        sb.append("  - ").append(p).append('\n');
      }
    }
    sb.append("To add a backend, add the Maven dependency ").append(KnownBackends.RECOMMENDED)
        .append(" (provides djl-pytorch),\nor put its jar and its dependencies on the class path.\n")
        .append("Choose among installed backends with Backends.create(\"<id>\", options), -D")
        .append(Backends.PROPERTY).append("=<id> or ").append(Backends.ENVIRONMENT_VARIABLE).append("=<id>.");
    return sb.toString();
  }

  private Entry byId(String id, String source) {
    List<Entry> matches = entries.stream().filter(e -> e.info().id().equals(id)).toList();
    if (matches.isEmpty()) {
      String known = KnownBackends.coordinates(id);
      throw new BackendUnavailableException("Unknown sparse4j backend '" + id + "' (" + source + "); installed ids: "
          + (entries.isEmpty() ? "none" : String.join(", ", ids()))
          + (known != null ? ". Backend '" + id + "' is provided by " + known + "; add that dependency." : ".")
          + "\n" + report());
    }
    if (matches.size() > 1) {
      throw duplicate(id, matches, source);
    }
    Entry e = matches.get(0);
    if (!e.info().available()) {
      throw new BackendUnavailableException("sparse4j backend '" + id + "' (" + source
          + ") is installed but not available here: " + e.info().availability().reason() + "\n" + report());
    }
    return e;
  }

  private Entry byPriority() {
    List<Entry> available = sorted().stream().filter(e -> e.info().available()).toList();
    if (available.isEmpty()) {
      String headline = entries.isEmpty()
          ? "No sparse4j backend is installed."
          : "No installed sparse4j backend is available here (" + entries.size() + " found, none usable).";
      throw new BackendUnavailableException(headline + "\n" + report());
    }
    Entry best = available.get(0);
    List<Entry> same = entries.stream().filter(e -> e.info().id().equals(best.info().id())).toList();
    if (same.size() > 1) {
      throw duplicate(best.info().id(), same, "highest-priority available");
    }
    return best;
  }

  private BackendUnavailableException duplicate(String id, List<Entry> matches, String source) {
    return new BackendUnavailableException("sparse4j backend id '" + id + "' (" + source + ") is provided "
        + matches.size() + " times: "
        + String.join(" and ", matches.stream()
            .map(e -> e.info().className() + " from " + e.info().location()).toList())
        + "; remove one of them from the class path or module path.\n" + report());
  }

  private String alternatives(Entry chosen) {
    List<String> others = new ArrayList<>();
    for (Entry e : sorted()) {
      if (e != chosen) {
        others.add(e.info().id() + " (priority " + e.info().priority() + ", "
            + (e.info().available() ? "available" : "unavailable: " + e.info().availability().reason()) + ")");
      }
    }
    return others.isEmpty() ? "; no other backend installed" : "; also found: " + String.join(", ", others);
  }

  private List<String> ids() {
    return sorted().stream().map(e -> e.info().id()).distinct().toList();
  }

  private List<Entry> sorted() {
    List<Entry> list = new ArrayList<>(entries);
    list.sort(Comparator.comparingInt((Entry e) -> -e.info().priority())
        .thenComparing(e -> e.info().id())
        .thenComparing(e -> e.info().className()));
    return list;
  }

  /** Takes the snapshot of one provider, or reports it and returns {@code null} if its descriptor methods fail. */
  private static Entry inspect(SparseBackendProvider p, List<String> problems) {
    String cls = p.getClass().getName();
    String location = NamedServices.locationOf(p.getClass());
    String where = cls + " from " + location;
    String id;
    try {
      id = p.id();
    } catch (RuntimeException | LinkageError e) {
      problems.add("backend provider " + where + " was skipped: id() threw " + NamedServices.describe(e));
      return null;
    }
    if (id == null || id.isBlank()) {
      problems.add("backend provider " + where + " was skipped: it has no id");
      return null;
    }
    int priority;
    Set<Capability> capabilities;
    Map<String, String> versions;
    String coordinates;
    String step = "priority()";
    try {
      priority = p.priority();
      step = "capabilities()";
      capabilities = p.capabilities();
      step = "versions()";
      versions = p.versions();
      step = "coordinates()";
      coordinates = p.coordinates();
    } catch (RuntimeException | LinkageError e) {
      problems.add("backend provider '" + id + "' (" + where + ") was skipped: " + step + " threw " + NamedServices.describe(e));
      return null;
    }
    Availability availability;
    try {
      availability = p.availability();
      if (availability == null) {
        availability = Availability.unavailable("availability() returned null (a bug in " + cls + ")");
        problems.add("backend provider '" + id + "' (" + where + "): availability() returned null; treated as unavailable");
      }
    } catch (RuntimeException | LinkageError e) {
      availability = Availability.unavailable("availability() threw " + NamedServices.describe(e));
      problems.add("backend provider '" + id + "' (" + where + "): availability() threw " + NamedServices.describe(e)
          + "; treated as unavailable");
    }
    if (coordinates == null || coordinates.isBlank()) {
      coordinates = Objects.requireNonNullElse(KnownBackends.coordinates(id), "");
    }
    ProviderInfo info = new ProviderInfo(
        id, priority, availability,
        capabilities == null ? EnumSet.noneOf(Capability.class) : capabilities,
        versions == null ? Map.of() : versions,
        location, cls, coordinates);
    return new Entry(p, info);
  }

  private static void addDuplicateProblems(List<Entry> entries, List<String> problems) {
    Map<String, List<Entry>> byId = new LinkedHashMap<>();
    for (Entry e : entries) {
      byId.computeIfAbsent(e.info().id(), k -> new ArrayList<>()).add(e);
    }
    byId.forEach((id, list) -> {
      if (list.size() > 1) {
        problems.add("backend id '" + id + "' is provided " + list.size() + " times: "
            + String.join(" and ", list.stream().map(e -> e.info().className() + " from " + e.info().location()).toList())
            + "; it cannot be selected until one is removed");
      }
    });
  }

  private static String safeId(SparseBackendProvider p) {
    try {
      return p.id();
    } catch (RuntimeException e) {
      return p.getClass().getName();
    }
  }
}
