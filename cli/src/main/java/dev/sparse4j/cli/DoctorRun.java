package dev.sparse4j.cli;

import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.runner.RunException;
import dev.sparse4j.runner.sweep.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One backend's self-check in a child JVM ({@link DoctorChild}) with a time limit: the JVM of {@code sparse4j
 * doctor} survives a native crash or a hang of the engine it checks.
 */
public final class DoctorRun {
  private DoctorRun() {}

  /** How a backend's check ended. */
  public enum Status {
    /** Every check agrees with its reference. */
    OK,
    /** At least one check gives numbers that differ from the reference. */
    WRONG,
    /** The child JVM died before it finished (a native crash, or killed). */
    CRASHED,
    /** The child did not finish within the time limit and was killed. */
    HUNG,
    /** The backend could not be created. */
    UNAVAILABLE
  }

  /** One check's line from the child. */
  public record Check(String name, boolean passed, String problem) {}

  /**
   * The outcome.
   *
   * @param status how it ended
   * @param checks the checks the child reported (possibly fewer than it would have run, if it crashed)
   * @param versions the backend's versions as the child created it
   * @param detail why it crashed, hung or was unavailable (empty when it finished)
   * @param seconds wall time of the child JVM
   */
  public record Outcome(Status status, List<Check> checks, Map<String, String> versions, String detail,
      double seconds) {
    /** The failed checks. */
    public List<Check> failed() {
      return checks.stream().filter(c -> !c.passed()).toList();
    }
  }

  /**
   * Checks backend {@code id} with {@code options} in a child JVM started like this one, with {@code environment}
   * added to this JVM's environment, killed after {@code timeout}.
   */
  public static Outcome run(String id, Map<String, String> options, Map<String, String> environment,
      Duration timeout) {
    return run(DoctorChild.class, id, options, environment, timeout);
  }

  /** As {@link #run(String, Map, Map, Duration)} with another child main class (tests: crashing or hanging ones). */
  static Outcome run(Class<?> child, String id, Map<String, String> options, Map<String, String> environment,
      Duration timeout) {
    Path dir;
    try {
      dir = Files.createTempDirectory("sparse4j-doctor-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the check's JVM", e);
    }
    List<String> args = new ArrayList<>();
    args.add(id);
    options.forEach((k, v) -> args.add(k + "=" + v));
    List<String> command = new ArrayList<>(ChildJvm.command(child, args.toArray(String[]::new)));
    // A crash report goes to a file we can name, not into the user's working directory.
    command.add(1, "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().putAll(environment);
    long start = System.nanoTime();
    List<String> lines = new ArrayList<>();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for the check of " + id + ": " + e.getMessage(), e);
    }
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // The child died; what it wrote so far is in lines.
      }
    }, "doctor-" + id);
    reader.setDaemon(true);
    reader.start();
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        ChildJvm.stop(p, 0); // hung: no grace
        p.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(2000);
    } catch (InterruptedException e) {
      ChildJvm.stop(p, 0);
      Thread.currentThread().interrupt();
      throw new RunException("interrupted while checking " + id);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> got;
    synchronized (lines) {
      got = List.copyOf(lines);
    }
    Outcome outcome = outcome(got, finished, finished ? p.exitValue() : -1, dir, timeout, seconds);
    if (outcome.status() != Status.CRASHED) {
      deleteQuietly(dir); // a crash keeps its report, which the outcome names
    }
    return outcome;
  }

  private static void deleteQuietly(Path dir) {
    try {
      AtomicFiles.deleteRecursively(dir);
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** Reads the child's lines into an outcome. */
  static Outcome outcome(List<String> lines, boolean finished, int exitCode, Path dir, Duration timeout,
      double seconds) {
    List<Check> checks = new ArrayList<>();
    Map<String, String> versions = new LinkedHashMap<>();
    boolean done = false;
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case DoctorChild.ERROR -> {
          return new Outcome(Status.UNAVAILABLE, List.of(), Map.of(), f.length > 1 ? f[1] : "", seconds);
        }
        case DoctorChild.VERSIONS -> {
          for (int i = 1; i < f.length; i++) {
            String[] kv = f[i].split("=", 2);
            versions.put(kv[0], kv.length > 1 ? kv[1] : "");
          }
        }
        case DoctorChild.CHECK -> checks.add(new Check(f[2], f[1].equals("PASS"), f.length > 3 ? f[3] : ""));
        case DoctorChild.DONE -> done = true;
        default -> { } // not ours
      }
    }
    if (!finished) {
      return new Outcome(Status.HUNG, checks, versions, "no answer within " + timeout.toSeconds() + " s (killed)"
          + (checks.isEmpty() ? "" : " after " + checks.size() + " checks"), seconds);
    }
    if (!done) {
      return new Outcome(Status.CRASHED, checks, versions, crashDetail(exitCode, dir, checks.size()), seconds);
    }
    boolean wrong = checks.stream().anyMatch(c -> !c.passed());
    return new Outcome(wrong ? Status.WRONG : Status.OK, checks, versions, "", seconds);
  }

  private static String crashDetail(int exitCode, Path dir, int checksDone) {
    StringBuilder s = new StringBuilder("the JVM died with exit code " + exitCode);
    if (exitCode > 128) {
      s.append(" (signal ").append(exitCode - 128).append(')');
    }
    s.append(checksDone == 0 ? " before the first check" : " after " + checksDone + " checks");
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).findFirst()
          .ifPresent(f -> s.append("; crash report ").append(f));
    } catch (IOException e) {
      // no crash report to name
    }
    Path stderr = dir.resolve("stderr.txt");
    try {
      if (Files.exists(stderr)) {
        List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank()).toList();
        if (!err.isEmpty()) {
          s.append("; last error line: ").append(err.get(err.size() - 1).strip());
        }
      }
    } catch (IOException e) {
      // nothing more to say
    }
    return s.toString();
  }
}
