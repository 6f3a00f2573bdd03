package dev.sparse4j.cli;

import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process with captured output. */
final class CliRunner {
  private CliRunner() {}

  /** Exit code and captured streams. */
  record Result(int exit, String out, String err) {
    /** The error output's lines. */
    java.util.List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** Runs with a registry over {@code providers} (none by default) that ignores the real property/environment. */
  static Result run(SparseBackendProvider[] providers, String... args) {
    BackendRegistry registry = BackendRegistry.ofProviders(providers).withLookups(k -> null, k -> null);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Sparse4jCli.commandLine(new Sparse4jCli(() -> registry), new PrintWriter(out, true),
        new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs with no backend installed. */
  static Result run(String... args) {
    return run(new SparseBackendProvider[0], args);
  }
}
