package dev.sparse4j.prune;

import dev.sparse4j.api.Options;
import dev.sparse4j.prune.ScorePruner.Collapse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two standard options of every {@link ScorePruner}, {@code layer-wise} and {@code collapse}, with their parsing
 * and their config entries; the built-in score pruners and user ones take them the same way:
 *
 * <pre>{@code
 * public MyPruner configure(Map<String, String> options) {
 *   Options o = Options.read("pruner '" + NAME + "'", options, SelectionOptions.keysWith("batches"));
 *   SelectionOptions s = selection().apply(o);
 *   return new MyPruner(s, o.wholeNumber("batches", 1, batches));
 * }
 * }</pre>
 *
 * @param layerWise {@code layer-wise}: each layer keeps its planned count (default {@code false}: global top-k)
 * @param collapse {@code collapse}: what happens to a layer that global selection would leave empty (default
 *     {@code guard})
 */
public record SelectionOptions(boolean layerWise, Collapse collapse) {
  /** Global selection with {@code collapse=guard}. */
  public static final SelectionOptions DEFAULT = new SelectionOptions(false, Collapse.GUARD);

  /** Checks the collapse policy. */
  public SelectionOptions {
    Objects.requireNonNull(collapse, "collapse");
  }

  /** {@code layer-wise}, {@code collapse}, then {@code own}: the known keys of a score pruner. */
  public static List<String> keysWith(String... own) {
    List<String> keys = new ArrayList<>(List.of("layer-wise", "collapse"));
    keys.addAll(Arrays.asList(own));
    return keys;
  }

  /**
   * These settings with {@code layer-wise} and {@code collapse} from {@code options} applied.
   *
   * @throws IllegalArgumentException for a bad value, naming the option
   */
  public SelectionOptions apply(Options options) {
    return new SelectionOptions(options.bool("layer-wise", layerWise),
        options.choice("collapse", Collapse.class, collapse));
  }

  /** {@code layer-wise} and {@code collapse} as config strings, in that order, ready for more entries. */
  public Map<String, String> config() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("layer-wise", Boolean.toString(layerWise));
    m.put("collapse", Options.optionValue(collapse));
    return m;
  }
}
