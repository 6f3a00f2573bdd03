package dev.sparse4j.io;

import java.util.Arrays;
import java.util.Optional;

/** The NumPy element types sparse4j reads and writes, all little-endian (one-byte types have no byte order). */
public enum NpyDtype {
  /** 32-bit IEEE float, {@code '<f4'}. */
  FLOAT32("<f4", 4),
  /** 64-bit IEEE float, {@code '<f8'}. */
  FLOAT64("<f8", 8),
  /** 32-bit signed integer, {@code '<i4'}. */
  INT32("<i4", 4),
  /** 64-bit signed integer, {@code '<i8'}. */
  INT64("<i8", 8),
  /** Unsigned byte, {@code '|u1'}. */
  UINT8("|u1", 1),
  /** Boolean stored as one byte 0 or 1, {@code '|b1'}. */
  BOOL("|b1", 1),
  /** A 3-byte string, {@code '|S3'}: the {@code b'csr'} format tag of SciPy's {@code save_npz}. */
  BYTES3("|S3", 3);

  private final String descr;
  private final int itemSize;

  NpyDtype(String descr, int itemSize) {
    this.descr = descr;
    this.itemSize = itemSize;
  }

  /** The NumPy {@code descr} string written to headers, e.g. {@code '<f4'}. */
  public String descr() {
    return descr;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /**
   * The dtype of a header {@code descr}. One-byte types are accepted with any byte-order mark ({@code '|u1'},
   * {@code '<u1'}, {@code 'u1'}); wider types only little-endian ({@code '<'}).
   *
   * @return empty if the descr is not one of the supported types (big-endian included)
   */
  public static Optional<NpyDtype> fromDescr(String descr) {
    if (descr == null || descr.isEmpty()) {
      return Optional.empty();
    }
    char order = descr.charAt(0);
    String code = (order == '<' || order == '>' || order == '|' || order == '=') ? descr.substring(1) : descr;
    for (NpyDtype t : values()) {
      if (t.descr.substring(1).equals(code)) {
        if (t.itemSize == 1 || t == BYTES3 || order == '<') { // bytes and strings have no byte order
          return Optional.of(t);
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The supported descr strings, for error messages. */
  static String supported() {
    return Arrays.toString(Arrays.stream(values()).map(NpyDtype::descr).toArray());
  }
}
