package dev.sparse4j.runner.sweep;

import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.NamedServices;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the executor for {@code --executor}: {@code local} is built in, others come through {@link ServiceLoader}. */
public final class SweepExecutors {
  private SweepExecutors() {}

  /**
   * The executor called {@code id}; {@code local} runs cells on {@code registry}'s backends.
   *
   * @throws IllegalArgumentException naming the installed executors and, for {@code spark}, how to add it
   */
  public static SweepExecutor get(String name, BackendRegistry registry, PrintWriter out, PrintWriter err) {
    // Case and surrounding spaces do not matter, as for backends: --executor=Spark is spark.
    String id = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
    if (LocalExecutor.ID.equals(id)) {
      return new LocalExecutor(registry, out, err);
    }
    List<String> found = new ArrayList<>(List.of(LocalExecutor.ID));
    List<String> skipped = new ArrayList<>();
    // The one discovery rule of sparse4j's plug-ins: a broken executor jar is skipped and reported, not fatal.
    for (SweepExecutor e : NamedServices.discover(ServiceLoader.load(SweepExecutor.class).iterator(), "sweep executor",
        skipped)) {
      if (e.id().equals(id)) {
        return e;
      }
      found.add(e.id());
    }
    throw new IllegalArgumentException("no sweep executor '" + name + "'; installed: " + String.join(", ", found)
        + (skipped.isEmpty() ? "" : " (skipped: " + String.join("; ", skipped) + ")")
        + ("spark".equals(id)
            ? ". The Spark executor is the module dev.sparse4j:sweep-spark (kept apart: Spark is ~200 MB): with the"
                + " ./sparse4j launcher it is added for sweep --executor spark once built (mvn -pl sweep-spark -am"
                + " install -DskipTests); from your own code, put the sweep-spark jar and Spark on the class path"
            : ""));
  }
}
