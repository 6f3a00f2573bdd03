package dev.sparse4j.cli.internal;

import dev.sparse4j.api.PluginException;
import dev.sparse4j.api.spi.BackendUnavailableException;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.data.MissingDataException;
import dev.sparse4j.runner.RunException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** How the CLI reports errors: one line saying what was wrong, then the usage or a hint. */
public final class ErrorHandlers {
  /** Exit code for a bad command line or a bad value. */
  public static final int USAGE = 2;
  /** Exit code for a failure while running. */
  public static final int FAILURE = 1;

  private ErrorHandlers() {}

  /** A command line picocli could not parse: the message, suggestions, then the command's usage. */
  public static int onBadCommandLine(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    // Some picocli messages start with "Error: " themselves; say it once.
    String message = String.valueOf(ex.getMessage()).replaceFirst("^Error: ", "");
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println();
    cmd.usage(err);
    err.flush();
    return USAGE;
  }

  /**
   * An exception from a command: bad values (an {@link IllegalArgumentException}, such as an unknown model or a
   * density out of range) give one line and a hint; backend problems, {@link RunException}s, missing data and file
   * problems print their message; a {@link PluginException} (a plugin broke a rule) prints its message with exit
   * code 2; anything else is a bug and prints its stack trace.
   */
  public static int onFailure(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    if (ex instanceof IOException io) {
      err.println(name + ": error: " + describe(io));
      err.flush();
      return FAILURE;
    }
    if (ex instanceof RunException || ex instanceof BackendUnavailableException
        || ex instanceof UnsupportedCapabilityException) {
      err.println(name + ": error: " + ex.getMessage());
      err.flush();
      return FAILURE;
    }
    if (ex instanceof PluginException) {
      // A plugin broke a rule (two with one name, non-finite scores, masks off the plan): the user's to fix, not ours.
      err.println(name + ": error: " + ex.getMessage());
      err.flush();
      return USAGE;
    }
    if (ex instanceof IllegalArgumentException) {
      err.println(name + ": error: " + ex.getMessage());
      err.println("Run '" + name + " --help' for usage.");
      err.flush();
      return USAGE;
    }
    err.println(name + ": internal error (please report it): " + ex);
    ex.printStackTrace(err);
    err.flush();
    return FAILURE;
  }

  /** A file problem in words; the JDK's messages for some of these are only a path. */
  static String describe(IOException e) {
    if (e instanceof MissingDataException || e instanceof CorruptFileException) {
      return e.getMessage();
    }
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof FileSystemException f) {
      return f.getMessage();
    }
    if (e instanceof FileNotFoundException) {
      return e.getMessage();
    }
    return "I/O error: " + e;
  }
}
