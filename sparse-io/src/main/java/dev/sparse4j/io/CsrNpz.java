package dev.sparse4j.io;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.ParamSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One weight held as kept entries, in a {@code .npz} file laid out like SciPy's {@code scipy.sparse.save_npz} of a
 * CSR matrix, so {@code scipy.sparse.load_npz(path)} reads it as it is: {@code indices} (int32 columns),
 * {@code indptr} (int32 row offsets), {@code format} ({@code b'csr'}), {@code shape} (int64 rows, columns) and
 * {@code data} (float32 values). A convolution weight {@code [out, in, k, k]} is the matrix
 * {@code out × (in·k·k)}; its own shape is in the extra array {@code tensor_shape} (int64), which SciPy ignores.
 *
 * <pre>{@code
 * CsrNpz.write(dir.resolve("fc2.weight.npz"), mask, values);
 * CsrNpz.Contents c = CsrNpz.read(dir.resolve("fc2.weight.npz"));
 * }</pre>
 *
 * <p>Python: {@code w = scipy.sparse.load_npz("fc2.weight.npz")} gives a {@code csr_matrix} of float32.
 */
public final class CsrNpz {
  private CsrNpz() {}

  /**
   * What one file holds.
   *
   * @param mask the kept positions, of the tensor's shape
   * @param values one value per kept entry, in the mask's entry order
   */
  public record Contents(KeptMask mask, float[] values) {}

  /**
   * Writes {@code values} at the positions of {@code mask}, atomically.
   *
   * @throws IllegalArgumentException if the value count is not the kept count
   */
  public static void write(Path file, KeptMask mask, float[] values) throws IOException {
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(values, "values");
    if (values.length != mask.kept()) {
      throw new IllegalArgumentException(values.length + " values for a mask that keeps " + mask.kept());
    }
    int[] shape = mask.shape();
    long[] tensorShape = Arrays.stream(shape).asLongStream().toArray();
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("indices", NpyArray.ofInts(new int[] {mask.kept()}, mask.columns()));
    arrays.put("indptr", NpyArray.ofInts(new int[] {mask.rows() + 1}, mask.rowStarts()));
    arrays.put("format", new NpyArray(new int[0], NpyDtype.BYTES3, "csr".getBytes(StandardCharsets.US_ASCII)));
    arrays.put("shape", NpyArray.ofLongs(new int[] {2}, new long[] {mask.rows(), mask.cols()}));
    arrays.put("data", NpyArray.ofFloats(new int[] {values.length}, values));
    arrays.put("tensor_shape", NpyArray.ofLongs(new int[] {tensorShape.length}, tensorShape));
    Npz.write(file, arrays);
  }

  /**
   * Reads a file written by {@link #write} or by SciPy's {@code save_npz} of a CSR matrix (then the tensor is the
   * matrix itself, unless {@code tensor_shape} says otherwise).
   *
   * @throws CorruptFileException if an array is missing, has the wrong type, or the structure is inconsistent
   *     (naming the file and what is wrong)
   */
  public static Contents read(Path file) throws IOException {
    Map<String, NpyArray> a = Npz.read(file);
    for (String key : new String[] {"indices", "indptr", "format", "shape", "data"}) {
      if (!a.containsKey(key)) {
        throw new CorruptFileException(file, -1, "not a CSR matrix file: it has no '" + key + "' array (it holds "
            + a.keySet() + "; expected those of scipy.sparse.save_npz)");
      }
    }
    String format = new String(a.get("format").data(), StandardCharsets.US_ASCII).trim();
    if (!format.equals("csr")) {
      throw new CorruptFileException(file, -1, "holds a '" + format + "' matrix; only 'csr' is read (in Python: "
          + "scipy.sparse.save_npz(path, m.tocsr()))");
    }
    try {
      long[] matrixShape = a.get("shape").longs();
      int[] shape;
      if (a.containsKey("tensor_shape")) {
        shape = Arrays.stream(a.get("tensor_shape").longs()).mapToInt(Math::toIntExact).toArray();
      } else {
        shape = new int[] {Math.toIntExact(matrixShape[0]), Math.toIntExact(matrixShape[1])};
      }
      KeptMask mask = KeptMask.of(shape, ints(a.get("indptr")), ints(a.get("indices")));
      if (mask.rows() != matrixShape[0] || mask.cols() != matrixShape[1]) {
        throw new CorruptFileException(file, -1, "tensor shape " + ParamSpec.shapeString(shape) + " is not the "
            + "matrix " + matrixShape[0] + "x" + matrixShape[1]);
      }
      float[] values = a.get("data").floats(); // float64 data (SciPy's default) is read too, rounded once
      if (values.length != mask.kept()) {
        throw new CorruptFileException(file, -1, values.length + " values for " + mask.kept() + " entries");
      }
      return new Contents(mask, values);
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      CorruptFileException c = new CorruptFileException(file, -1, "not a valid CSR matrix: " + e.getMessage());
      c.initCause(e);
      throw c;
    }
  }

  /** int32 as stored; int64 (what SciPy writes for large matrices) narrowed, refusing values beyond int32. */
  private static int[] ints(NpyArray a) {
    return Arrays.stream(a.longs()).mapToInt(Math::toIntExact).toArray();
  }

  /**
   * Writes several masks (no values) into one {@code .npz}: {@code <name>/indptr}, {@code <name>/indices} (int32) and
   * {@code <name>/shape} (int64, the tensor's shape) per tensor, in order, atomically.
   */
  public static void writeMasks(Path file, dev.sparse4j.api.KeptMaskSet masks) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    masks.asMap().forEach((name, m) -> {
      arrays.put(name + "/indptr", NpyArray.ofInts(new int[] {m.rows() + 1}, m.rowStarts()));
      arrays.put(name + "/indices", NpyArray.ofInts(new int[] {m.kept()}, m.columns()));
      long[] shape = Arrays.stream(m.shape()).asLongStream().toArray();
      arrays.put(name + "/shape", NpyArray.ofLongs(new int[] {shape.length}, shape));
    });
    Npz.write(file, arrays);
  }

  /**
   * Reads what {@link #writeMasks} wrote.
   *
   * @throws CorruptFileException naming the tensor whose arrays are missing or inconsistent
   */
  public static dev.sparse4j.api.KeptMaskSet readMasks(Path file) throws IOException {
    Map<String, NpyArray> a = Npz.read(file);
    Map<String, KeptMask> out = new LinkedHashMap<>();
    for (String key : a.keySet()) {
      if (!key.endsWith("/indptr")) {
        continue;
      }
      String name = key.substring(0, key.length() - "/indptr".length());
      NpyArray indices = a.get(name + "/indices");
      NpyArray shape = a.get(name + "/shape");
      if (indices == null || shape == null) {
        throw new CorruptFileException(file, -1, "the mask of " + name + " lacks its indices or shape");
      }
      try {
        int[] dims = Arrays.stream(shape.longs()).mapToInt(Math::toIntExact).toArray();
        out.put(name, KeptMask.of(dims, ints(a.get(key)), ints(indices)));
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
        CorruptFileException c = new CorruptFileException(file, -1, "the mask of " + name + " is not valid: "
            + e.getMessage());
        c.initCause(e);
        throw c;
      }
    }
    return dev.sparse4j.api.KeptMaskSet.of(out);
  }
}
