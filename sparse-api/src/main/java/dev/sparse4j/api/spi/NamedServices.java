package dev.sparse4j.api.spi;

import dev.sparse4j.api.PluginException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable name → implementation table: the built-ins plus whatever {@link ServiceLoader} finds, used by
 * {@code Allocators} and {@code Pruners}; the one discovery rule for sparse4j's named plug-ins. One broken provider is reported and skipped; two implementations with the
 * same name are an error.
 *
 * @param <T> the service type
 */
public final class NamedServices<T> {
  private static final Logger LOG = LoggerFactory.getLogger(NamedServices.class);
  // A broken service file could make the iterator fail forever; stop after this many errors.
  private static final int MAX_ERRORS = 100;

  private final String kind;
  private final String serviceFile;
  private final Map<String, T> byName;
  private final List<String> skipped;

  private NamedServices(String kind, String serviceFile, Map<String, T> byName, List<String> skipped) {
    this.kind = kind;
    this.serviceFile = serviceFile;
    this.byName = byName;
    this.skipped = skipped;
  }

  /**
   * Builds the table: built-ins first (in the given order), then providers found by {@code ServiceLoader} in
   * discovery order. A provider of the same class as a built-in is the built-in itself and is not counted twice.
   *
   * @param loader {@code ServiceLoader.load(type)}, called by the module that declares {@code uses type} (the JPMS
   *     rule: a module may only load the services it declares)
   * @param type the service interface
   * @param kind word for messages ({@code "allocator"}, {@code "pruner"})
   * @param builtins the library's own implementations
   * @param name how to get an implementation's name
   * @throws IllegalStateException if two different implementations share a name, naming both classes
   */
  public static <T> NamedServices<T> load(ServiceLoader<T> loader, Class<T> type, String kind, List<T> builtins, Function<T, String> name) {
    Map<String, T> byName = new LinkedHashMap<>();
    List<String> builtinClasses = new ArrayList<>();
    for (T b : builtins) {
      put(byName, b, name, kind);
      builtinClasses.add(b.getClass().getName());
    }
    List<String> skipped = new ArrayList<>();
    Iterator<T> it = loader.iterator();
    int errors = 0;
    while (true) {
      T found;
      try {
        if (!it.hasNext()) {
          break;
        }
        found = it.next();
      } catch (ServiceConfigurationError e) {
        // One bad provider (missing class, throwing constructor) must not hide the others (docs/architecture.md).
        String why = e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
        LOG.warn("skipping {} provider that failed to load: {}", kind, why);
        skipped.add(why);
        if (++errors >= MAX_ERRORS) {
          break;
        }
        continue;
      }
      if (builtinClasses.contains(found.getClass().getName())) {
        continue;
      }
      put(byName, found, name, kind);
      LOG.debug("found {} '{}' ({})", kind, name.apply(found), found.getClass().getName());
    }
    return new NamedServices<>(kind, "META-INF/services/" + type.getName(),
        Collections.unmodifiableMap(byName), List.copyOf(skipped));
  }

  private static <T> void put(Map<String, T> byName, T impl, Function<T, String> name, String kind) {
    String n;
    try {
      n = name.apply(impl);
    } catch (RuntimeException e) {
      throw new PluginException(kind + " " + impl.getClass().getName() + " failed to report its name: " + e);
    }
    if (n == null || n.isBlank()) {
      throw new PluginException(kind + " " + impl.getClass().getName() + " has a blank name; give it a unique lower-kebab name");
    }
    T previous = byName.putIfAbsent(n, impl);
    if (previous != null) {
      throw new PluginException("two " + kind + "s are named '" + n + "': " + previous.getClass().getName()
          + " (from " + BackendRegistry.locationOf(previous.getClass()) + ") and " + impl.getClass().getName()
          + " (from " + BackendRegistry.locationOf(impl.getClass()) + "); remove one of them from the class path (e.g. SPARSE4J_PLUGINS) or rename "
          + "it");
    }
  }

  /** Every implementation, built-ins first. */
  public List<T> all() {
    return List.copyOf(byName.values());
  }

  /** Every name, built-ins first. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The implementation called {@code name} (exact match, else case-insensitive).
   *
   * @throws IllegalArgumentException naming every known implementation (and any skipped broken provider)
   */
  public T get(String name) {
    Objects.requireNonNull(name, kind + " name");
    String key = name.trim();
    T t = byName.get(key);
    if (t != null) {
      return t;
    }
    for (Map.Entry<String, T> e : byName.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    StringBuilder msg = new StringBuilder()
        .append("unknown ").append(kind).append(" '").append(name).append("'; known ").append(kind).append("s: ")
        .append(String.join(", ", byName.keySet()))
        .append(". A ").append(kind).append(" in its own jar is found when the jar lists it in ").append(serviceFile)
        .append(" (or 'provides' in module-info)");
    if (!skipped.isEmpty()) {
      msg.append(". Skipped broken providers: ").append(String.join("; ", skipped));
    }
    throw new IllegalArgumentException(msg.toString());
  }
}
