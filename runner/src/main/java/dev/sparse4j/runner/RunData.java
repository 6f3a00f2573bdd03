package dev.sparse4j.runner;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.io.data.CifarBinary;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.io.data.FashionMnist;
import dev.sparse4j.io.data.MissingDataException;
import dev.sparse4j.io.data.MnistDigitsJson;
import dev.sparse4j.io.data.Split;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The datasets a run uses: training and test split of the chosen dataset and its OOD sets.
 *
 * <ul>
 *   <li>{@code fashion-mnist}: 1×28×28, 10 classes; OOD set {@code mnist} (the 10,000 MNIST test digits).
 *   <li>{@code cifar10} / {@code cifar100}: 3×32×32 (binary version in the data directory); OOD set the other CIFAR
 *       test split when it is installed, else none.
 * </ul>
 *
 * @param train training split, or {@code null} when not loaded
 * @param test test split
 * @param ood OOD sets by name
 */
public record RunData(Dataset train, Dataset test, Map<String, Dataset> ood) {

  /** The dataset names {@link #load} accepts. */
  public static final List<String> NAMES = List.of("fashion-mnist", "cifar10", "cifar100");

  /** Shape and classes of a dataset, known without reading it. */
  public record Info(String name, int[] shape, int classes) {}

  /**
   * Shape and class count of dataset {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Info info(String name) {
    return switch (normalise(name)) {
      case "fashion-mnist" -> new Info("fashion-mnist", new int[] {1, 28, 28}, 10);
      case "cifar10" -> new Info("cifar10", new int[] {3, 32, 32}, 10);
      case "cifar100" -> new Info("cifar100", new int[] {3, 32, 32}, 100);
      default -> throw new IllegalArgumentException(
          "unknown dataset '" + name + "'; known datasets: " + String.join(", ", NAMES));
    };
  }

  /**
   * Loads dataset {@code name} from {@code dir} with its OOD sets.
   *
   * @param withTrain whether to read the training split too (evaluation needs only the test split)
   * @throws MissingDataException naming the missing files and the install command
   */
  public static RunData load(String name, DataDirectory dir, boolean withTrain) throws IOException {
    Info info = info(name);
    Map<String, Dataset> ood = new LinkedHashMap<>();
    switch (info.name()) {
      case "fashion-mnist" -> {
        // Check both datasets first, so one message lists every missing file.
        dir.check();
        Dataset train = withTrain ? FashionMnist.load(dir, Split.TRAIN) : null;
        Dataset test = FashionMnist.load(dir, Split.TEST);
        ood.put("mnist", MnistDigitsJson.load(dir));
        return new RunData(train, test, ood);
      }
      case "cifar10" -> {
        Dataset train = withTrain ? CifarBinary.cifar10(dir.path(), Split.TRAIN) : null;
        Dataset test = CifarBinary.cifar10(dir.path(), Split.TEST);
        try {
          ood.put("cifar100", CifarBinary.cifar100(dir.path(), Split.TEST, CifarBinary.LabelKind.FINE));
        } catch (MissingDataException e) {
          // The OOD set is optional for CIFAR: there is no offline source for it.
        }
        return new RunData(train, test, ood);
      }
      default -> {
        Dataset train = withTrain ? CifarBinary.cifar100(dir.path(), Split.TRAIN, CifarBinary.LabelKind.FINE) : null;
        Dataset test = CifarBinary.cifar100(dir.path(), Split.TEST, CifarBinary.LabelKind.FINE);
        try {
          ood.put("cifar10", CifarBinary.cifar10(dir.path(), Split.TEST));
        } catch (MissingDataException e) {
          // Optional, as above.
        }
        return new RunData(train, test, ood);
      }
    }
  }

  private static String normalise(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "fashion-mnist", "fashionmnist", "fashion_mnist" -> "fashion-mnist";
      case "cifar10", "cifar-10" -> "cifar10";
      case "cifar100", "cifar-100" -> "cifar100";
      default -> n;
    };
  }
}
