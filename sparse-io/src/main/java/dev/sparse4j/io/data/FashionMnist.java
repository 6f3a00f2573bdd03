package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al., 2017): 28×28 grey images of ten kinds of clothing, 60,000 for training and 10,000 for
 * testing, read from {@code <dataDir>/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz} (the files of
 * the Debian package {@code dataset-fashion-mnist}; {@code scripts/install-data.sh} puts them there).
 */
public final class FashionMnist {
  /** Sub-directory of the data directory. */
  public static final String DIR = "fashion-mnist";
  /** The four files, training images and labels then test images and labels. */
  public static final List<String> FILES = List.of(
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
  /** Class names by label. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  /** Where the Debian package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionMnist() {}

  /** Loads a split from the data directory {@link DataDirectory#resolve()} finds. */
  public static Dataset load(Split split) throws IOException {
    return load(DataDirectory.resolve(), split);
  }

  /** Loads a split from {@code <dataDir>/fashion-mnist}. */
  public static Dataset load(Path dataDir, Split split) throws IOException {
    return load(DataDirectory.of(dataDir), split);
  }

  /**
   * Loads a split.
   *
   * @throws MissingDataException naming the missing files and the install command
   * @throws dev.sparse4j.io.CorruptFileException if a file is damaged
   */
  public static Dataset load(DataDirectory data, Split split) throws IOException {
    List<Path> missing = data.missingFashionMnist();
    if (!missing.isEmpty()) {
      String hint = data.installHint();
      if (Files.isRegularFile(DEBIAN_DIR.resolve(FILES.get(0)))) {
        hint += " (the Debian package's files in " + DEBIAN_DIR + " will be linked)";
      }
      throw new MissingDataException("Fashion-MNIST", missing, hint);
    }
    String prefix = split == Split.TRAIN ? "train" : "t10k";
    Path dir = data.fashionMnist();
    return IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"), dir.resolve(prefix + "-labels-idx1-ubyte.gz"),
        DIR + "/" + split.id(), CLASS_NAMES.size());
  }
}
