package dev.sparse4j.cli;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.cli.internal.ErrorHandlers;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sparse4j} command. Exit codes: 0 success, 1 failure while running, 2 bad command line or bad values.
 *
 * <p>Embed it with {@link #commandLine(Sparse4jCli, PrintWriter, PrintWriter)} and {@code execute(args)}.
 */
@Command(
    name = "sparse4j",
    mixinStandardHelpOptions = true,
    // Every subcommand gets --help and --version too.
    scope = ScopeType.INHERIT,
    versionProvider = Sparse4jCli.Version.class,
    description = "Sparse neural-network training by random pruning at initialisation, on pluggable JVM backends.",
    subcommands = {
        AllocateCommand.class,
        ModelsCommand.class,
        AllocatorsCommand.class,
        PrunersCommand.class,
        BackendsCommand.class,
        DoctorCommand.class,
        TrainCommand.class,
        EvalCommand.class,
        ExportCommand.class,
        CompareCommand.class,
        SweepCommand.class,
        DemoCommand.class,
        HelpCommand.class},
    footer = {
        "%nExamples:",
        "  sparse4j demo",
        "  sparse4j train --model resnet20 --allocator erk --sparsity 0.9 --epochs 10 --out runs/r20-erk-0.9",
        "  sparse4j eval --run runs/r20-erk-0.9 --update-report",
        "  sparse4j compare --epochs 10 --out runs/compare",
        "  sparse4j allocate --model resnet20 --allocator erk --sparsity 0.9",
        "  sparse4j backends",
        "  sparse4j doctor",
        "  sparse4j models",
        "  sparse4j help allocate"})
public final class Sparse4jCli implements Runnable {

  /** Columns of the help text; wide enough for the examples to stay on one line. */
  static final int USAGE_WIDTH = 100;

  @Spec
  private CommandSpec spec;

  private final Supplier<BackendRegistry> registry;

  /** The command over the installed backends. */
  public Sparse4jCli() {
    this(Backends::registry);
  }

  /** The command over a given backend registry (tests, embedding). */
  public Sparse4jCli(Supplier<BackendRegistry> registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The backend registry commands should use. */
  BackendRegistry registry() {
    return registry.get();
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; choose one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** A configured command line writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(Sparse4jCli root, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(root);
    cl.setUsageHelpWidth(USAGE_WIDTH);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(ErrorHandlers::onBadCommandLine);
    cl.setExecutionExceptionHandler(ErrorHandlers::onFailure);
    return cl;
  }

  /** Runs the command with {@code args} on standard output and error; returns the exit code. */
  public static int execute(String... args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    return commandLine(new Sparse4jCli(), out, err).execute(args);
  }

  /** Entry point of the {@code sparse4j} launcher. */
  public static void main(String[] args) {
    // Library logging is for diagnosis; keep the terminal to warnings unless the user asks for more.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    // DJL warns on every CPU-only machine that it found no CUDA driver; that is not news to a CLI user.
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    // ND4J warns on every start about duplicate op mappings of its TensorFlow importer, which the CLI never uses.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.nd4j.imports") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.nd4j.imports", "error");
    }
    // Plots are drawn into PNG files; no display is needed.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    System.exit(execute(args));
  }

  /** {@code --version}: sparse4j, Java and OS. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
          "sparse4j " + Versions.SPARSE4J,
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
          System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
  }
}
