package dev.sparse4j.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The string options an allocator or pruner takes in {@code configure(Map)}, checked and parsed with the messages
 * every built-in gives. Keys are lower-kebab ({@code power-scale}, {@code batch-size}); the camelCase spelling of a
 * known key ({@code powerScale}) is still accepted, with a deprecation warning in the log.
 *
 * <pre>{@code
 * public MyPruner configure(Map<String, String> options) {
 *   Options o = Options.read("pruner '" + name() + "'", options, List.of("batches", "scale"));
 *   return new MyPruner(o.wholeNumber("batches", 1, batches), o.positive("scale", scale));
 * }
 * }</pre>
 *
 * <p>Each getter returns the current value when the key is absent, so {@code configure} applies options over the
 * ones in effect. Every parse error is an {@link IllegalArgumentException} that names the option, the component and
 * the value, e.g. {@code option batches of pruner 'snip' must be at least 1, got 0}.
 */
public final class Options {
  private static final Logger LOG = LoggerFactory.getLogger(Options.class);

  private final String what;
  private final Map<String, String> values;

  private Options(String what, Map<String, String> values) {
    this.what = what;
    this.values = values;
  }

  /**
   * Checks {@code options} against the {@code known} keys and returns a reader for them.
   *
   * @param what the component, for messages, e.g. {@code "allocator 'erk'"}
   * @throws IllegalArgumentException for an unknown key (naming the known ones), a key without value, or a key given
   *     in both its deprecated camelCase and its kebab spelling
   */
  public static Options read(String what, Map<String, String> options, Collection<String> known) {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(options, "options");
    Map<String, String> values = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      if (e.getValue() == null) {
        throw new IllegalArgumentException("option '" + key + "' of " + what + " has no value");
      }
      if (key != null && !known.contains(key) && known.contains(kebab(key))) {
        String modern = kebab(key);
        if (options.containsKey(modern)) {
          throw new IllegalArgumentException("option " + key + " of " + what + " is the old spelling of " + modern
              + ", which is also given; keep only " + modern);
        }
        LOG.warn("option '{}' of {} is deprecated; write '{}'", key, what, modern);
        key = modern;
      }
      if (key == null || !known.contains(key)) {
        unknown.add(String.valueOf(e.getKey()));
      } else {
        values.put(key, e.getValue().trim());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          (unknown.size() == 1 ? "unknown option " : "unknown options ") + unknown + " for " + what + "; "
              + (known.isEmpty() ? "it takes no options" : "known options: " + String.join(", ", known)));
    }
    return new Options(what, values);
  }

  /** {@link #read} for a component without options, or when only the keys need checking. */
  public static void checkKnown(String what, Map<String, String> options, Collection<String> known) {
    read(what, options, known);
  }

  /** {@code powerScale} → {@code power-scale}; a key that is already kebab-case is returned unchanged. */
  public static String kebab(String key) {
    StringBuilder b = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          b.append('-');
        }
        b.append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The component these options belong to, as given to {@link #read}. */
  public String what() {
    return what;
  }

  /** Whether {@code key} was given (under its kebab spelling or its deprecated camelCase one). */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The trimmed value of {@code key}, or {@code current}. */
  public String string(String key, String current) {
    return values.getOrDefault(key, current);
  }

  /**
   * A finite number.
   *
   * @throws IllegalArgumentException "option KEY of WHAT must be a number / finite, got 'VALUE'"
   */
  public double finite(String key, double current) {
    String v = values.get(key);
    if (v == null) {
      return current;
    }
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " of " + what + " must be a number, got '" + v + "'", e);
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("option " + key + " of " + what + " must be finite, got '" + v + "'");
    }
    return d;
  }

  /**
   * A finite number {@code > 0}.
   *
   * @throws IllegalArgumentException "option KEY of WHAT must be > 0, got VALUE", or as {@link #finite}
   */
  public double positive(String key, double current) {
    double d = finite(key, current);
    if (has(key) && !(d > 0)) {
      throw new IllegalArgumentException("option " + key + " of " + what + " must be > 0, got " + values.get(key));
    }
    return d;
  }

  /**
   * A whole number {@code ≥ min}.
   *
   * @throws IllegalArgumentException "option KEY of WHAT must be a whole number / at least MIN, got VALUE"
   */
  public int wholeNumber(String key, int min, int current) {
    String v = values.get(key);
    if (v == null) {
      return current;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + key + " of " + what + " must be a whole number, got '" + v + "'", e);
    }
    if (n < min) {
      throw new IllegalArgumentException("option " + key + " of " + what + " must be at least " + min + ", got " + n);
    }
    return n;
  }

  /**
   * {@code true} or {@code false}, in any case.
   *
   * @throws IllegalArgumentException "option KEY of WHAT must be true or false, got 'VALUE'"
   */
  public boolean bool(String key, boolean current) {
    String v = values.get(key);
    if (v == null) {
      return current;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("option " + key + " of " + what + " must be true or false, got '" + v + "'");
  }

  /**
   * One constant of {@code type}, written as its lower-kebab name ({@code CENTRAL_DIFFERENCE} →
   * {@code central-difference}), in any case.
   *
   * @throws IllegalArgumentException "option KEY of WHAT must be a, b or c, got 'VALUE'"
   */
  public <E extends Enum<E>> E choice(String key, Class<E> type, E current) {
    String v = values.get(key);
    if (v == null) {
      return current;
    }
    List<String> names = new ArrayList<>();
    for (E c : type.getEnumConstants()) {
      String name = optionValue(c);
      if (name.equals(v.toLowerCase(Locale.ROOT))) {
        return c;
      }
      names.add(name);
    }
    String list = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    throw new IllegalArgumentException("option " + key + " of " + what + " must be " + list + ", got '" + v + "'");
  }

  /** The option spelling of an enum constant: its name in lower-kebab case. */
  public static String optionValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
