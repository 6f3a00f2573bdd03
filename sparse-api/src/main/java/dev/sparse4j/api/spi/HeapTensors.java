package dev.sparse4j.api.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float arrays on the Java heap, copied on the way in and out: the tensor store of a backend that computes in
 * Java or feeds a graph on every call ({@code sparse-cpu}, {@code djl-tensorflow}), behind
 * {@link AbstractSparseModel}'s {@code readTensors}/{@code writeTensors} and optimizer-state hooks. Not thread-safe.
 */
public final class HeapTensors {
  private final Map<String, float[]> values = new LinkedHashMap<>();

  /** The live array of {@code name} (not a copy), or {@code null}. */
  public float[] get(String name) {
    return values.get(name);
  }

  /** Stores {@code array} itself (no copy) as {@code name}: for arrays a computation has just made. */
  public void put(String name, float[] array) {
    values.put(name, array);
  }

  /** Copies of the named arrays, in the given order. */
  public Map<String, float[]> read(Collection<String> names) {
    Map<String, float[]> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, values.get(n).clone()));
    return out;
  }

  /** Stores copies of {@code arrays}, replacing arrays of the same names. */
  public void write(Map<String, float[]> arrays) {
    arrays.forEach((n, v) -> values.put(n, v.clone()));
  }

  /** Forgets every array. */
  public void clear() {
    values.clear();
  }

  /** A read-only view of the live arrays, in insertion order. */
  public Map<String, float[]> view() {
    return Collections.unmodifiableMap(values);
  }
}
