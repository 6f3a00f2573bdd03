package dev.sparse4j.io.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** A dataset's files are not where sparse4j looks; the message lists every missing file and how to install them. */
public class MissingDataException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String dataset;
  private final transient List<Path> missing;

  /**
   * @param dataset the dataset's name ({@code Fashion-MNIST})
   * @param missing the files that are missing
   * @param hint what the user should do, e.g. the install command
   */
  public MissingDataException(String dataset, List<Path> missing, String hint) {
    super(dataset + " is not installed: missing " + missing.size() + " file" + (missing.size() == 1 ? "" : "s")
        + " " + missing + ". " + hint);
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.missing = List.copyOf(missing);
  }

  /** The dataset's name. */
  public String dataset() {
    return dataset;
  }

  /** The missing files. */
  public List<Path> missing() {
    return missing;
  }
}
