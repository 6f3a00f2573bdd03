package dev.sparse4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data is and how many threads the backend may use: shared by every command that runs a model (mixin). */
final class ResourceOptions {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data directory (default: -Dsparse4j.data, SPARSE4J_DATA, else ~/.sparse4j/data).")
  private Path dataDir;

  @Option(names = "--threads", paramLabel = "N", description = "Backend threads (default: the backend's choice).")
  private Integer threads;

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
}
