package dev.sparse4j.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process's peak resident memory — the JVM heap and everything native (engines, their allocators, thread
 * stacks) — as Linux reports it ({@code VmHWM} in {@code /proc/self/status}), so a run's report says what it cost
 * without a profiler.
 */
public final class PeakMemory {
  private PeakMemory() {}

  /** The peak resident set size in bytes, or empty where {@code /proc/self/status} does not say. */
  public static Optional<Long> residentBytes() {
    return residentBytes(Path.of("/proc/self/status"));
  }

  /**
   * The native allocator preloaded into this process ({@code tcmalloc} or {@code jemalloc}, as the launcher does
   * where tcmalloc is installed), or empty for the C library's own malloc (or where {@code /proc/self/maps} does not
   * say). Peak memory depends on it, so the run's last line names it.
   */
  public static Optional<String> preloadedAllocator() {
    return preloadedAllocator(Path.of("/proc/self/maps"));
  }

  static Optional<String> preloadedAllocator(Path maps) {
    try (var lines = Files.lines(maps)) {
      return lines.map(PeakMemory::allocatorOf).flatMap(Optional::stream).findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not Linux, or unreadable
    }
  }

  private static Optional<String> allocatorOf(String mapsLine) {
    int slash = mapsLine.lastIndexOf('/');
    String file = slash < 0 ? "" : mapsLine.substring(slash + 1);
    if (file.startsWith("libtcmalloc")) {
      return Optional.of("tcmalloc");
    }
    if (file.startsWith("libjemalloc")) {
      return Optional.of("jemalloc");
    }
    return Optional.empty();
  }

  static Optional<Long> residentBytes(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring("VmHWM:".length()).trim().split("\\s+");
          long value = Long.parseLong(f[0]);
          return Optional.of(f.length > 1 && f[1].equalsIgnoreCase("kB") ? value * 1024 : value);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable
    }
    return Optional.empty();
  }
}
