package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  // Written by numpy 2.4 with numpy.save(...): the headers and data below are numpy's own bytes.
  private static final String F32_2X3 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c00000803e0000000000004040000000bf";
  private static final String BOOL_5 = "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028352c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100010100";
  private static final String I64_2X1X1 = "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c20312c2031292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100000000000000feffffffffffffff";

  @TempDir Path dir;

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void writesExactlyTheBytesNumpyWrites() {
    assertArrayEquals(hex(F32_2X3), Npy.toBytes(NpyArray.ofFloats(new int[] {2, 3},
        new float[] {1.5f, -2f, 0.25f, 0f, 3f, -0.5f})));
    assertArrayEquals(hex(BOOL_5), Npy.toBytes(NpyArray.ofBooleans(new int[] {5},
        new boolean[] {true, false, true, true, false})));
    assertArrayEquals(hex(I64_2X1X1), Npy.toBytes(NpyArray.ofLongs(new int[] {2, 1, 1}, new long[] {1, -2})));
  }

  @Test
  void headerIsAlignedTo64AndEndsInNewline() {
    for (int[] shape : new int[][] {{1}, {12345678}, {2, 3}, {16, 3, 3, 3}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}) {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      byte[] h = Npy.header(NpyArray.ofBytes(shape, new byte[(int) n]));
      assertEquals(0, h.length % 64, "header length for " + java.util.Arrays.toString(shape));
      assertEquals('\n', h[h.length - 1]);
      int len = (h[8] & 0xff) | (h[9] & 0xff) << 8;
      assertEquals(h.length - 10, len);
    }
    String text = new String(Npy.header(NpyArray.ofInts(new int[] {5}, new int[5])), StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }"), text);
  }

  @Test
  void readsNumpyBytes() throws IOException {
    NpyArray f = Npy.fromBytes(hex(F32_2X3), Path.of("f.npy"));
    assertEquals(NpyDtype.FLOAT32, f.dtype());
    assertArrayEquals(new int[] {2, 3}, f.shape());
    assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 0f, 3f, -0.5f}, f.floats());
    assertArrayEquals(new double[] {1.5, -2, 0.25, 0, 3, -0.5}, f.doubles());
    assertArrayEquals(new boolean[] {true, false, true, true, false},
        Npy.fromBytes(hex(BOOL_5), Path.of("b.npy")).booleans());
    assertArrayEquals(new long[] {1, -2}, Npy.fromBytes(hex(I64_2X1X1), Path.of("i.npy")).longs());
  }

  @Test
  void roundTripsEveryDtypeThroughAFile() throws IOException {
    NpyArray[] arrays = {
      NpyArray.ofFloats(new int[] {2, 2}, new float[] {1f, Float.NaN, -0f, Float.MAX_VALUE}),
      NpyArray.ofDoubles(new int[] {3}, new double[] {Math.PI, -1e300, Double.MIN_VALUE}),
      NpyArray.ofInts(new int[] {1, 3}, new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}),
      NpyArray.ofLongs(new int[] {2}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}),
      NpyArray.ofBytes(new int[] {4}, new byte[] {0, 1, (byte) 200, (byte) 255}),
      NpyArray.ofBooleans(new int[] {1, 1, 2}, new boolean[] {false, true}),
      NpyArray.ofFloats(new int[] {0, 4}, new float[0]),
      NpyArray.ofFloats(new int[] {}, new float[] {7f}),
    };
    for (NpyArray a : arrays) {
      Path f = dir.resolve("a.npy");
      Npy.write(f, a);
      assertEquals(a, Npy.read(f));
    }
    assertArrayEquals(new int[] {0, 1, 200, 255}, arrays[4].ints());
    assertEquals(1, Files.list(dir).count(), "no temporary files are left behind");
  }

  @Test
  void accessorsRejectOtherDtypes() {
    NpyArray ints = NpyArray.ofInts(new int[] {2}, new int[] {1, 2});
    IllegalStateException e = assertThrows(IllegalStateException.class, ints::floats);
    assertTrue(e.getMessage().contains("floats() needs a FLOAT32 or FLOAT64 array")
        && e.getMessage().contains("INT32"), e.getMessage());
    assertThrows(IllegalStateException.class, ints::booleans);
    assertThrows(IllegalStateException.class, ints::bytes);
    NpyArray floats = NpyArray.ofFloats(new int[] {1}, new float[] {1});
    assertThrows(IllegalStateException.class, floats::ints);
    assertThrows(IllegalStateException.class, floats::longs);
    NpyArray two = NpyArray.ofBytes(new int[] {3}, new byte[] {0, 1, 2});
    e = assertThrows(IllegalStateException.class, two::booleans);
    assertTrue(e.getMessage().contains("element 2") && e.getMessage().contains("is 2"), e.getMessage());
  }

  @Test
  void factoriesCheckTheElementCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.ofFloats(new int[] {2, 3}, new float[5]));
    assertTrue(e.getMessage().contains("holds 6 elements but 5 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInts(new int[] {-1}, new int[0]));
  }

  @Test
  void everyTruncationIsACorruptFile() {
    byte[] full = hex(F32_2X3);
    for (int len = 0; len < full.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(full, len);
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(cut, Path.of("t.npy")),
          "truncated at " + len);
      assertTrue(e.getMessage().contains("truncated"), len + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("t.npy at byte "), e.getMessage());
    }
  }

  @Test
  void trailingBytesAreReported() {
    byte[] full = hex(BOOL_5);
    byte[] longer = java.util.Arrays.copyOf(full, full.length + 3);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(longer, Path.of("x")));
    assertEquals(full.length, e.offset());
    assertTrue(e.getMessage().contains("3 unexpected bytes after the array data"), e.getMessage());
  }

  @Test
  void rejectsWrongMagicFortranOrderBigEndianAndOtherDtypes() throws IOException {
    CorruptFileException e = assertThrows(CorruptFileException.class,
        () -> Npy.fromBytes("PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1), Path.of("x")));
    assertTrue(e.getMessage().contains("not a NumPy .npy file"), e.getMessage());
    assertEquals(0, e.offset());

    e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(
        withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24), Path.of("x")));
    assertTrue(e.getMessage().contains("fortran_order True is not supported"), e.getMessage());

    e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(
        withHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), Path.of("x")));
    assertTrue(e.getMessage().contains("dtype '>f4' is not supported (big-endian"), e.getMessage());

    e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(
        withHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 4), Path.of("x")));
    assertTrue(e.getMessage().contains("dtype '<f2' is not supported"), e.getMessage());

    e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(
        withHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8), Path.of("x")));
    assertTrue(e.getMessage().contains("structured dtypes"), e.getMessage());

    e = assertThrows(CorruptFileException.class, () -> Npy.fromBytes(
        withHeader("{'descr': '<f4', 'shape': (2,) }", 8), Path.of("x")));
    assertTrue(e.getMessage().contains("must hold 'descr'"), e.getMessage());
  }

  @Test
  void acceptsHeaderVariantsNumpyProduced() throws IOException {
    // Python 2 era: long literals, double quotes, no trailing comma; '<u1' instead of '|u1'.
    NpyArray a = Npy.fromBytes(withHeader("{\"descr\": \"<u1\", \"fortran_order\": False, \"shape\": (2L, 1L)}", 2),
        Path.of("x"));
    assertArrayEquals(new int[] {2, 1}, a.shape());
    assertEquals(NpyDtype.UINT8, a.dtype());
    // Version 2.0 with a 4-byte header length.
    String h = "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }\n";
    byte[] v2 = new byte[12 + h.length() + 4];
    System.arraycopy(Npy.MAGIC, 0, v2, 0, 6);
    v2[6] = 2;
    v2[8] = (byte) h.length();
    System.arraycopy(h.getBytes(StandardCharsets.ISO_8859_1), 0, v2, 12, h.length());
    v2[v2.length - 4] = 42;
    assertArrayEquals(new int[] {42}, Npy.fromBytes(v2, Path.of("x")).ints());
  }

  /** A version-1.0 .npy with the given header text and {@code dataBytes} zero bytes of data. */
  private static byte[] withHeader(String header, int dataBytes) {
    byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[10 + h.length + dataBytes];
    System.arraycopy(Npy.MAGIC, 0, out, 0, 6);
    out[6] = 1;
    out[8] = (byte) h.length;
    out[9] = (byte) (h.length >> 8);
    System.arraycopy(h, 0, out, 10, h.length);
    return out;
  }
}
