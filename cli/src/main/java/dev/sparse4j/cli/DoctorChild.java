package dev.sparse4j.cli;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendSelfCheck;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM of {@code sparse4j doctor}: checks one backend ({@link BackendSelfCheck}) and writes one line per
 * result to standard output, for {@link DoctorRun} to read. A native crash or hang here takes down only this JVM.
 *
 * <p>Arguments: the backend id, then backend options as {@code key=value}. Output lines, tab-separated:
 * {@code VERSIONS key=value…}, {@code CHECK PASS|FAIL name problem} per check, and {@code DONE} at the end; or
 * {@code ERROR message} if the backend cannot be created. Tabs and line breaks inside a field become spaces.
 */
public final class DoctorChild {
  /** First field of a line with the backend's versions. */
  static final String VERSIONS = "VERSIONS";
  /** First field of a check's line. */
  static final String CHECK = "CHECK";
  /** The last line of a child that finished its checks. */
  static final String DONE = "DONE";
  /** First field of the line of a backend that could not be created. */
  static final String ERROR = "ERROR";

  private DoctorChild() {}

  /** Runs the checks; see the class comment. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    // Engines may print to System.out; only this class's lines go to the real standard output.
    System.setOut(System.err);
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    SparseBackend backend;
    try {
      backend = Backends.create(args[0], new BackendOptions(options));
    } catch (RuntimeException e) {
      out.println(ERROR + "\t" + field(e.getMessage() != null ? e.getMessage() : e.toString()));
      System.exit(0);
      return;
    }
    try (backend) {
      StringBuilder versions = new StringBuilder(VERSIONS);
      backend.versions().forEach((k, v) -> versions.append('\t').append(field(k)).append('=').append(field(v)));
      out.println(versions);
      for (BackendSelfCheck.Result r : BackendSelfCheck.run(backend)) {
        out.println(CHECK + "\t" + (r.passed() ? "PASS" : "FAIL") + "\t" + field(r.name()) + "\t"
            + field(r.problem()));
      }
    }
    out.println(DONE);
    out.flush();
    System.exit(0);
  }

  private static String field(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
