package dev.sparse4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the data is and how many threads the backend may use: shared by every command that runs a model (mixin). */
final class ResourceOptions {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data directory (default: -Dsparse4j.data, SPARSE4J_DATA, else ~/.sparse4j/data).")
  private Path dataDir;

  @Option(names = "--threads", paramLabel = "N", description = "Backend threads (default: the backend's choice).")
  private Integer threads;

  @Option(names = "--backend-option", paramLabel = "KEY=VALUE",
      description = "A backend option, repeatable (e.g. memory-format=contiguous for djl-pytorch, kernels=scalar for"
          + " sparse-cpu); sparse4j backends lists each backend's. An unknown key is refused before any work.")
  private Map<String, String> backendOptions = new LinkedHashMap<>();

  /** The data directory given, or {@code null} for the default resolution. */
  Path dataDir() {
    return dataDir;
  }

  /**
   * The backend threads given, or {@code null} for the backend's default.
   *
   * @throws IllegalArgumentException for fewer than one thread
   */
  Integer threads() {
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be ≥ 1, got " + threads);
    }
    return threads;
  }

  /**
   * The {@code --backend-option} entries (keys trimmed), without {@code threads}: that one is {@code --threads}.
   *
   * @throws IllegalArgumentException for a blank key, or {@code threads} given here
   */
  Map<String, String> backendOptions() {
    Map<String, String> out = new LinkedHashMap<>();
    backendOptions.forEach((k, v) -> {
      String key = k.trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("--backend-option needs KEY=VALUE, got '=" + v + "'");
      }
      if (key.equals("threads")) {
        throw new IllegalArgumentException("--backend-option threads=" + v + ": use --threads " + v);
      }
      out.put(key, v.trim());
    });
    return out;
  }
}
