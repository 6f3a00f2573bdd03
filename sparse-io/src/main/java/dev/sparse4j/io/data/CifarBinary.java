package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import dev.sparse4j.io.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the official binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, 2009) from a user directory; sparse4j
 * cannot download them. A CIFAR-10 record is 1 label byte + 3072 pixel bytes; a CIFAR-100 record is 1 coarse label
 * byte + 1 fine label byte + 3072 pixel bytes. The pixels are the red, green and blue 32×32 planes, row-major, which
 * is exactly a {@code [3, 32, 32]} example.
 *
 * <p>The directory given may be the one holding the files or its parent holding {@code cifar-10-batches-bin/} or
 * {@code cifar-100-binary/} (as the official archives extract).
 */
public final class CifarBinary {
  /** Directory the CIFAR-10 binary archive extracts to. */
  public static final String CIFAR10_DIR = "cifar-10-batches-bin";
  /** Directory the CIFAR-100 binary archive extracts to. */
  public static final String CIFAR100_DIR = "cifar-100-binary";
  /** CIFAR-10 training files. */
  public static final List<String> CIFAR10_TRAIN = List.of(
      "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
  /** CIFAR-10 test file. */
  public static final List<String> CIFAR10_TEST = List.of("test_batch.bin");
  /** CIFAR-100 training file. */
  public static final List<String> CIFAR100_TRAIN = List.of("train.bin");
  /** CIFAR-100 test file. */
  public static final List<String> CIFAR100_TEST = List.of("test.bin");
  /** Pixel bytes per image, 3 × 32 × 32. */
  public static final int IMAGE_BYTES = 3 * 32 * 32;

  private static final String WHERE_CIFAR = "sparse4j cannot download CIFAR; get the binary version "
      + "(cifar-10-binary.tar.gz or cifar-100-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html "
      + "and extract it into the data directory";

  /** Which CIFAR-100 label to use. */
  public enum LabelKind {
    /** The 100 fine classes. */
    FINE,
    /** The 20 coarse superclasses. */
    COARSE
  }

  private CifarBinary() {}

  /**
   * Loads a CIFAR-10 split (50,000 training or 10,000 test images, 10 classes).
   *
   * @param dir the directory holding the {@code .bin} files, or its parent holding {@code cifar-10-batches-bin/}
   * @throws MissingDataException naming the missing files
   * @throws CorruptFileException for a truncated record or a label out of range
   */
  public static Dataset cifar10(Path dir, Split split) throws IOException {
    List<String> names = split == Split.TRAIN ? CIFAR10_TRAIN : CIFAR10_TEST;
    return readCifar10(locate(dir, CIFAR10_DIR, names, concat(CIFAR10_TRAIN, CIFAR10_TEST), "CIFAR-10"),
        "cifar10/" + split.id());
  }

  /**
   * Loads a CIFAR-100 split (50,000 training or 10,000 test images) with fine (100) or coarse (20) labels.
   *
   * @param dir the directory holding {@code train.bin} and {@code test.bin}, or its parent holding
   *     {@code cifar-100-binary/}
   * @throws MissingDataException naming the missing files
   * @throws CorruptFileException for a truncated record or a label out of range
   */
  public static Dataset cifar100(Path dir, Split split, LabelKind labels) throws IOException {
    List<String> names = split == Split.TRAIN ? CIFAR100_TRAIN : CIFAR100_TEST;
    return readCifar100(locate(dir, CIFAR100_DIR, names, concat(CIFAR100_TRAIN, CIFAR100_TEST), "CIFAR-100"),
        labels,
        "cifar100/" + split.id() + (labels == LabelKind.COARSE ? "-coarse" : ""));
  }

  /** Reads CIFAR-10 binary files, in order, into one dataset. */
  public static Dataset readCifar10(List<Path> files, String name) throws IOException {
    return read(files, name, 1, 0, 10);
  }

  /** Reads CIFAR-100 binary files, in order, into one dataset. */
  public static Dataset readCifar100(List<Path> files, LabelKind labels, String name) throws IOException {
    Objects.requireNonNull(labels, "labels");
    return labels == LabelKind.FINE ? read(files, name, 2, 1, 100) : read(files, name, 2, 0, 20);
  }

  private static Dataset read(List<Path> files, String name, int labelBytes, int labelIndex, int classes)
      throws IOException {
    int record = labelBytes + IMAGE_BYTES;
    List<byte[]> contents = new ArrayList<>();
    long total = 0;
    for (Path f : files) {
      long size = Files.size(f);
      if (size == 0) {
        throw new CorruptFileException(f, 0, "file is empty; a CIFAR record is " + record + " bytes");
      }
      if (size % record != 0) {
        long whole = size / record;
        throw new CorruptFileException(f, whole * record, "truncated record: the file has " + size + " bytes, "
            + whole + " whole records of " + record + " bytes and " + size % record + " bytes left over");
      }
      total += size / record;
      if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("too many CIFAR images to hold in one array: " + total);
      }
      contents.add(Files.readAllBytes(f));
    }
    byte[] pixels = new byte[(int) (total * IMAGE_BYTES)];
    int[] labels = new int[(int) total];
    int ex = 0;
    for (int k = 0; k < files.size(); k++) {
      byte[] b = contents.get(k);
      for (int off = 0; off < b.length; off += record, ex++) {
        // Check every label byte (CIFAR-100: coarse < 20, fine < 100), so a damaged file is caught either way.
        for (int j = 0; j < labelBytes; j++) {
          int value = b[off + j] & 0xff;
          int limit = labelBytes == 1 ? classes : (j == 0 ? 20 : 100);
          if (value >= limit) {
            throw new CorruptFileException(files.get(k), off + j, "label " + value + " of record " + off / record
                + " is outside [0, " + limit + ")");
          }
        }
        int label = b[off + labelIndex] & 0xff;
        labels[ex] = label;
        System.arraycopy(b, off + labelBytes, pixels, ex * IMAGE_BYTES, IMAGE_BYTES);
      }
    }
    // Held as the files' bytes (pixel = byte/255), a quarter of the memory of floats.
    return Dataset.ofUint8(name, pixels, labels, new int[] {3, 32, 32}, classes);
  }

  /**
   * The files {@code names} of one split, in {@code dir} or {@code dir/sub}. When any file of the data set
   * ({@code all}: both splits) is missing there, every missing one is named at once — a user who copies the training
   * batches and forgets the test batch hears about it before training, not on the next try.
   */
  private static List<Path> locate(Path dir, String sub, List<String> names, List<String> all, String dataset)
      throws MissingDataException {
    Objects.requireNonNull(dir, "dir");
    for (Path d : List.of(dir, dir.resolve(sub))) {
      if (all.stream().allMatch(n -> Files.isRegularFile(d.resolve(n)))) {
        return names.stream().map(d::resolve).toList();
      }
    }
    // Report against the conventional sub-directory unless the files were partly in dir itself.
    Path d = all.stream().anyMatch(n -> Files.isRegularFile(dir.resolve(n))) ? dir : dir.resolve(sub);
    List<Path> missing = all.stream().map(d::resolve).filter(p -> !Files.isRegularFile(p)).toList();
    throw new MissingDataException(dataset, missing, WHERE_CIFAR + " (" + d + ").");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
