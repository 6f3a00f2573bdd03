package dev.sparse4j.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * String options passed to {@link SparseBackendProvider#create}, such as {@code device=cpu} or
 * {@code threads=2}. Each backend documents the keys it reads and rejects the ones it does not know.
 *
 * @param values the options
 */
public record BackendOptions(Map<String, String> values) {

  /** Copies the map. */
  public BackendOptions {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** No options. */
  public static BackendOptions defaults() {
    return new BackendOptions(Map.of());
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }
}
