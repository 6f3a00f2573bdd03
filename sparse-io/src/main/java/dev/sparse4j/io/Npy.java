package dev.sparse4j.io;

import dev.sparse4j.api.spi.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes one NumPy array in the {@code .npy} format (version 1.0 written; 1.0, 2.0 and 3.0 read).
 *
 * <p>The header is the one {@code numpy.save} writes for a C-order little-endian array, byte for byte:
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}, padded with spaces (NumPy's spare room for
 * growing the first axis, then alignment) so that magic, version, length and header together are a multiple of 64
 * bytes ending in {@code '\n'}. Supported dtypes are those of {@link NpyDtype}; Fortran-order, big-endian and other
 * dtypes are rejected with a {@link CorruptFileException} that says so.
 */
public final class Npy {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS: spare header room so the first axis can grow in place.
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private Npy() {}

  /** Writes {@code array} to {@code file} atomically (temporary file in the same directory, then a move). */
  public static void write(Path file, NpyArray array) throws IOException {
    Objects.requireNonNull(array, "array");
    AtomicFiles.write(file, out -> write(out, array));
  }

  /** Writes {@code array} as {@code .npy} bytes to {@code out} (which stays open). */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(header(array));
    out.write(array.rawData());
  }

  /** The complete {@code .npy} bytes of {@code array}. */
  public static byte[] toBytes(NpyArray array) {
    byte[] h = header(array);
    byte[] d = array.rawData();
    byte[] all = new byte[h.length + d.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(d, 0, all, h.length, d.length);
    return all;
  }

  /**
   * Reads one array from a {@code .npy} file.
   *
   * @throws CorruptFileException if the file is not a {@code .npy} file, is truncated, has trailing bytes, or holds an
   *     unsupported array (Fortran order, big-endian, an unsupported dtype); the message names the byte offset
   */
  public static NpyArray read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return parse(bytes, (offset, problem) -> new CorruptFileException(file, offset, problem));
  }

  /**
   * Parses {@code .npy} bytes held in memory.
   *
   * @param file named in error messages as where the bytes came from
   * @throws CorruptFileException as {@link #read(Path)}, with offsets into {@code bytes}
   */
  public static NpyArray fromBytes(byte[] bytes, Path file) throws CorruptFileException {
    return parse(bytes, (offset, problem) -> new CorruptFileException(file, offset, problem));
  }

  /** Builds the exception for a problem at a byte offset of the array's bytes. */
  @FunctionalInterface
  interface Errors {
    CorruptFileException at(long offset, String problem);
  }

  static byte[] header(NpyArray array) {
    int[] shape = array.shape();
    StringBuilder h = new StringBuilder();
    h.append("{'descr': '").append(array.dtype().descr()).append("', 'fortran_order': False, 'shape': ")
        .append(shapeRepr(shape)).append(", }");
    if (shape.length > 0) {
      h.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
    }
    int prefix = MAGIC.length + 2 + 2;
    int hlen = h.length() + 1;
    int pad = ALIGN - ((prefix + hlen) % ALIGN);
    int version = 1;
    if (hlen + pad > 0xffff) {
      // Only absurdly high ranks need it; NumPy switches to 2.0 (4-byte length) the same way.
      version = 2;
      prefix = MAGIC.length + 2 + 4;
      pad = ALIGN - ((prefix + hlen) % ALIGN);
    }
    h.append(" ".repeat(pad)).append('\n');
    byte[] text = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(prefix + text.length);
    out.writeBytes(MAGIC);
    out.write(version);
    out.write(0);
    int len = text.length;
    out.write(len & 0xff);
    out.write((len >>> 8) & 0xff);
    if (version == 2) {
      out.write((len >>> 16) & 0xff);
      out.write((len >>> 24) & 0xff);
    }
    out.writeBytes(text);
    return out.toByteArray();
  }

  private static String shapeRepr(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i]);
    }
    return sb.append(')').toString();
  }

  static NpyArray parse(byte[] b, Errors err) throws CorruptFileException {
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= b.length) {
        throw err.at(b.length, "file is truncated inside the .npy magic (" + b.length + " bytes)");
      }
      if (b[i] != MAGIC[i]) {
        throw err.at(0, "not a NumPy .npy file: it does not start with \\x93NUMPY");
      }
    }
    if (b.length < 8) {
      throw err.at(b.length, "file is truncated inside the .npy version");
    }
    int major = b[6] & 0xff;
    int minor = b[7] & 0xff;
    int lenBytes;
    if (major == 1) {
      lenBytes = 2;
    } else if (major == 2 || major == 3) {
      lenBytes = 4;
    } else {
      throw err.at(6, "unsupported .npy format version " + major + "." + minor + "; 1.0, 2.0 and 3.0 are supported");
    }
    int start = 8 + lenBytes;
    if (b.length < start) {
      throw err.at(b.length, "file is truncated inside the .npy header length");
    }
    long hlen = 0;
    for (int i = 0; i < lenBytes; i++) {
      hlen |= (long) (b[8 + i] & 0xff) << (8 * i);
    }
    if (start + hlen > b.length) {
      throw err.at(b.length, "file is truncated inside the .npy header: it needs " + hlen + " header bytes after byte "
          + start + " but the file has " + b.length + " bytes");
    }
    String text = new String(b, start, (int) hlen,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict = new HeaderParser(text, start, err).parse();

    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shapeObj = dict.get("shape");
    if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shapeObj instanceof int[])) {
      throw err.at(start, "the .npy header must hold 'descr' (a string), 'fortran_order' (True/False) and 'shape'"
          + " (a tuple of integers), got: " + text.strip());
    }
    NpyDtype dtype = NpyDtype.fromDescr((String) descr).orElseThrow(() -> err.at(start,
        "dtype '" + descr + "' is not supported (" + (((String) descr).startsWith(">") ? "big-endian; " : "")
            + "supported: " + NpyDtype.supported() + "); convert it in NumPy with arr.astype('<f4') or similar"));
    if ((Boolean) fortran) {
      throw err.at(start, "fortran_order True is not supported; save a C-order copy with numpy.ascontiguousarray(arr)");
    }
    int[] shape = (int[]) shapeObj;
    long numel;
    try {
      numel = NpyArray.numel(shape);
    } catch (IllegalArgumentException e) {
      throw err.at(start, e.getMessage());
    }
    long dataStart = start + hlen;
    long need = numel * dtype.itemSize();
    long have = b.length - dataStart;
    if (have < need) {
      throw err.at(b.length, "file is truncated: the array " + shapeRepr(shape) + " of " + descr + " needs " + need
          + " data bytes from byte " + dataStart + " but only " + have + " are there");
    }
    if (have > need) {
      throw err.at(dataStart + need, (have - need) + " unexpected bytes after the array data");
    }
    byte[] data = new byte[(int) need];
    System.arraycopy(b, (int) dataStart, data, 0, (int) need);
    return new NpyArray(shape, dtype, data);
  }

  /** A parser for the tiny Python-literal dictionary of a {@code .npy} header. */
  private static final class HeaderParser {
    private final String s;
    private final int base;
    private final Errors err;
    private int pos;

    HeaderParser(String s, int base, Errors err) {
      this.s = s;
      this.base = base;
      this.err = err;
    }

    Map<String, Object> parse() throws CorruptFileException {
      Map<String, Object> out = new LinkedHashMap<>();
      ws();
      expect('{');
      while (true) {
        ws();
        if (peek() == '}') {
          pos++;
          break;
        }
        String key = string();
        ws();
        expect(':');
        ws();
        out.put(key, value());
        ws();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw fail("expected ',' or '}'");
        }
      }
      ws();
      if (pos != s.length()) {
        throw fail("unexpected text after the header dictionary");
      }
      return out;
    }

    private Object value() throws CorruptFileException {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (s.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (c == '(') {
        return tuple();
      }
      if (c == '[') {
        throw fail("structured dtypes (a list as descr) are not supported");
      }
      throw fail("unexpected value");
    }

    private int[] tuple() throws CorruptFileException {
      expect('(');
      List<Integer> dims = new ArrayList<>();
      while (true) {
        ws();
        if (peek() == ')') {
          pos++;
          break;
        }
        int from = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (from == pos) {
          throw fail("expected a non-negative integer in the shape");
        }
        long v;
        try {
          v = Long.parseLong(s.substring(from, pos));
        } catch (NumberFormatException e) {
          v = Long.MAX_VALUE;
        }
        if (v > Integer.MAX_VALUE) {
          throw fail("shape dimension " + s.substring(from, pos) + " is too large");
        }
        dims.add((int) v);
        if (peek() == 'L') {
          pos++; // Python 2 long literal
        }
        ws();
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw fail("expected ',' or ')' in the shape");
        }
      }
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private String string() throws CorruptFileException {
      char q = peek();
      if (q != '\'' && q != '"') {
        throw fail("expected a quoted string");
      }
      int end = s.indexOf(q, pos + 1);
      if (end < 0) {
        throw fail("unterminated string");
      }
      String v = s.substring(pos + 1, end);
      pos = end + 1;
      return v;
    }

    private void ws() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void expect(char c) throws CorruptFileException {
      if (peek() != c) {
        throw fail("expected '" + c + "'");
      }
      pos++;
    }

    private CorruptFileException fail(String what) {
      return err.at(base + pos, "malformed .npy header (" + what + " at header character " + pos + "): "
          + s.strip());
    }
  }
}
