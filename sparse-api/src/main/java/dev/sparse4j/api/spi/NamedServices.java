package dev.sparse4j.api.spi;

import dev.sparse4j.api.PluginException;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
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
  /** Stop reading a provider iterator that keeps failing, so a broken service file cannot loop forever. */
  static final int MAX_ERRORS = 100;

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
    for (T found : discover(loader.iterator(), kind, skipped)) {
      if (builtinClasses.contains(found.getClass().getName())) {
        continue;
      }
      put(byName, found, name, kind);
      LOG.debug("found {} '{}' ({})", kind, name.apply(found), found.getClass().getName());
    }
    skipped.forEach(why -> LOG.warn("{}", why));
    return new NamedServices<>(kind, "META-INF/services/" + type.getName(),
        Collections.unmodifiableMap(byName), List.copyOf(skipped));
  }

  /**
   * Every provider {@code providers} yields, in order — the one discovery rule of sparse4j's plug-ins (backends,
   * allocators, pruners, exporters, sweep executors). A provider that fails to load ({@link ServiceConfigurationError},
   * a throwing constructor, a missing class) is described in {@code skipped} and the search goes on, so one broken
   * jar cannot hide the others; after 100 failures it stops (a broken service file can fail forever).
   *
   * @param providers usually {@code ServiceLoader.load(type).iterator()}, created by the module that {@code uses} it
   * @param kind word for messages ({@code "backend"}, {@code "pruner"})
   * @param skipped receives one line per provider skipped
   */
  public static <T> List<T> discover(Iterator<? extends T> providers, String kind, List<String> skipped) {
    List<T> found = new ArrayList<>();
    int errors = 0;
    while (true) {
      T next;
      try {
        if (!providers.hasNext()) {
          break;
        }
        next = providers.next();
      } catch (NoSuchElementException e) {
        break;
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        skipped.add("a " + kind + " provider could not be loaded and was skipped: " + describe(e));
        if (++errors >= MAX_ERRORS) {
          skipped.add("stopped looking for " + kind + " providers after " + errors + " failures");
          break;
        }
        continue;
      }
      if (next == null) {
        skipped.add("a " + kind + " provider factory returned null; skipped");
        continue;
      }
      found.add(next);
    }
    return found;
  }

  /** An exception and its causes in one line. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.toString());
    Throwable cause = e.getCause();
    int depth = 0;
    while (cause != null && cause != e && depth++ < 5) {
      sb.append(" (caused by ").append(cause).append(')');
      e = cause;
      cause = cause.getCause();
    }
    return sb.toString();
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
          + " (from " + locationOf(previous.getClass()) + ") and " + impl.getClass().getName()
          + " (from " + locationOf(impl.getClass()) + "); remove one of them from the class path (e.g. SPARSE4J_PLUGINS) or rename "
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
        .append(kind.matches("[aeiou].*") ? ". An " : ". A ").append(kind).append(" in its own jar is found when the jar lists it in ").append(serviceFile)
        .append(" (or 'provides' in module-info)");
    if (!skipped.isEmpty()) {
      msg.append(". Skipped broken providers: ").append(String.join("; ", skipped));
    }
    throw new IllegalArgumentException(msg.toString());
  }

  /**
   * Where {@code type} was loaded from — a jar, a class directory, or {@code module <name>} — without ever throwing;
   * for messages and listings that name the jar a provider, pruner or allocator comes from.
   */
  public static String locationOf(Class<?> type) {
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      URL url = cs == null ? null : cs.getLocation();
      if (url != null) {
        return url.getProtocol().equals("file") ? url.getPath() : url.toString();
      }
      if (type.getModule().isNamed()) {
        return "module " + type.getModule().getName();
      }
    } catch (RuntimeException e) {
      // A security manager or an odd class loader: the location is only advice, so fall through.
    }
    return "unknown";
  }
}
