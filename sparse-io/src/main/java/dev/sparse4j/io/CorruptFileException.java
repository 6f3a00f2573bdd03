package dev.sparse4j.io;

import java.nio.file.Path;

/**
 * A file could not be read because it is truncated, corrupted or of an unsupported format. The message names the
 * file and the byte offset where reading failed.
 */
public class CorruptFileException extends java.io.IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final long offset;

  /**
   * @param file the file
   * @param offset byte offset where the problem was found ({@code -1} if unknown)
   * @param problem what is wrong
   */
  public CorruptFileException(Path file, long offset, String problem) {
    super(file + (offset >= 0 ? " at byte " + offset : "") + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** Byte offset of the problem, or {@code -1}. */
  public long offset() {
    return offset;
  }
}
