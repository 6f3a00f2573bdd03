package dev.sparse4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One NumPy array in C (row-major) order: shape, element type and the raw little-endian element bytes, exactly as
 * stored in a {@code .npy} file. Immutable: the constructor and {@link #data()} copy the bytes.
 *
 * <p>Build one with a typed factory ({@link #ofFloats(int[], float[])}, ...) and read it back with the matching
 * typed accessor ({@link #floats()}, ...); an accessor that does not fit the dtype throws
 * {@link IllegalStateException} naming both.
 *
 * @param shape dimensions, outermost first; an empty shape is a 0-d scalar
 * @param dtype element type
 * @param data {@code numel · itemSize} little-endian bytes
 */
public record NpyArray(int[] shape, NpyDtype dtype, byte[] data) {

  /** Validates that the byte count fits shape and dtype, and copies both arrays. */
  public NpyArray {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(data, "data");
    shape = shape.clone();
    long n = numel(shape);
    if (n * dtype.itemSize() != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
          + n * dtype.itemSize() + " bytes, got " + data.length);
    }
    data = data.clone();
  }

  /** A float32 array; {@code data.length} must equal the product of {@code shape}. */
  public static NpyArray ofFloats(int[] shape, float[] data) {
    checkCount(shape, data.length);
    ByteBuffer b = buffer(data.length * 4L);
    b.asFloatBuffer().put(data);
    return new NpyArray(shape, NpyDtype.FLOAT32, b.array());
  }

  /** A float64 array; {@code data.length} must equal the product of {@code shape}. */
  public static NpyArray ofDoubles(int[] shape, double[] data) {
    checkCount(shape, data.length);
    ByteBuffer b = buffer(data.length * 8L);
    b.asDoubleBuffer().put(data);
    return new NpyArray(shape, NpyDtype.FLOAT64, b.array());
  }

  /** An int32 array; {@code data.length} must equal the product of {@code shape}. */
  public static NpyArray ofInts(int[] shape, int[] data) {
    checkCount(shape, data.length);
    ByteBuffer b = buffer(data.length * 4L);
    b.asIntBuffer().put(data);
    return new NpyArray(shape, NpyDtype.INT32, b.array());
  }

  /** An int64 array; {@code data.length} must equal the product of {@code shape}. */
  public static NpyArray ofLongs(int[] shape, long[] data) {
    checkCount(shape, data.length);
    ByteBuffer b = buffer(data.length * 8L);
    b.asLongBuffer().put(data);
    return new NpyArray(shape, NpyDtype.INT64, b.array());
  }

  /** A uint8 array (each byte read as unsigned 0..255); {@code data.length} must equal the product of {@code shape}. */
  public static NpyArray ofBytes(int[] shape, byte[] data) {
    checkCount(shape, data.length);
    return new NpyArray(shape, NpyDtype.UINT8, data);
  }

  /** A bool array; {@code data.length} must equal the product of {@code shape}. */
  public static NpyArray ofBooleans(int[] shape, boolean[] data) {
    checkCount(shape, data.length);
    byte[] b = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      b[i] = data[i] ? (byte) 1 : (byte) 0;
    }
    return new NpyArray(shape, NpyDtype.BOOL, b);
  }

  /** A copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** A copy of the raw little-endian bytes. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The raw bytes without copying, for the writers in this package. */
  byte[] rawData() {
    return data;
  }

  /** Number of elements (the product of the shape; 1 for a 0-d array). */
  public int numel() {
    return (int) numel(shape);
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The elements as floats: FLOAT32 as stored, FLOAT64 rounded to float. */
  public float[] floats() {
    float[] out = new float[numel()];
    switch (dtype) {
      case FLOAT32 -> le().asFloatBuffer().get(out);
      case FLOAT64 -> {
        var d = le().asDoubleBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) d.get(i);
        }
      }
      default -> throw mismatch("floats()", "FLOAT32 or FLOAT64");
    }
    return out;
  }

  /** The elements as doubles: FLOAT64 as stored, FLOAT32 widened. */
  public double[] doubles() {
    double[] out = new double[numel()];
    switch (dtype) {
      case FLOAT64 -> le().asDoubleBuffer().get(out);
      case FLOAT32 -> {
        var f = le().asFloatBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = f.get(i);
        }
      }
      default -> throw mismatch("doubles()", "FLOAT32 or FLOAT64");
    }
    return out;
  }

  /** The elements as ints: INT32 as stored, UINT8 widened to 0..255. */
  public int[] ints() {
    int[] out = new int[numel()];
    switch (dtype) {
      case INT32 -> le().asIntBuffer().get(out);
      case UINT8 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = data[i] & 0xff;
        }
      }
      default -> throw mismatch("ints()", "INT32 or UINT8");
    }
    return out;
  }

  /** The elements as longs: INT64 as stored, INT32 widened. */
  public long[] longs() {
    long[] out = new long[numel()];
    switch (dtype) {
      case INT64 -> le().asLongBuffer().get(out);
      case INT32 -> {
        var b = le().asIntBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      default -> throw mismatch("longs()", "INT64 or INT32");
    }
    return out;
  }

  /** The raw bytes of a UINT8 array (values are unsigned: mask with {@code & 0xff}). */
  public byte[] bytes() {
    if (dtype != NpyDtype.UINT8) {
      throw mismatch("bytes()", "UINT8");
    }
    return data.clone();
  }

  /**
   * The elements as booleans, from BOOL or from UINT8 holding only 0 and 1.
   *
   * @throws IllegalStateException for another dtype, or for a byte other than 0 or 1 (naming its index)
   */
  public boolean[] booleans() {
    if (dtype != NpyDtype.BOOL && dtype != NpyDtype.UINT8) {
      throw mismatch("booleans()", "BOOL or UINT8 (0/1)");
    }
    boolean[] out = new boolean[data.length];
    for (int i = 0; i < data.length; i++) {
      int v = data[i] & 0xff;
      if (v > 1) {
        throw new IllegalStateException("element " + i + " of this " + dtype + " array is " + v
            + "; only 0 and 1 can be read as booleans");
      }
      out[i] = v == 1;
    }
    return out;
  }

  private ByteBuffer le() {
    return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
  }

  private IllegalStateException mismatch(String accessor, String wanted) {
    return new IllegalStateException(
        accessor + " needs a " + wanted + " array, but this array is " + dtype + " (" + dtype.descr() + ")");
  }

  private static ByteBuffer buffer(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("array of " + bytes + " bytes is too large (at most 2^31-1)");
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkCount(int[] shape, int count) {
    long n = numel(Objects.requireNonNull(shape, "shape"));
    if (n != count) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " elements but " + count + " values were given");
    }
  }

  static long numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray a && dtype == a.dtype && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype.descr() + ", shape " + Arrays.toString(shape) + "]";
  }
}
