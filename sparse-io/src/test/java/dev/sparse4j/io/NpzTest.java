package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  /**
   * Written by numpy 2.4: {@code numpy.savez(f, a=arange(6, dtype='<f4').reshape(2, 3), b=array([1, 0, 1], uint8),
   * c=array([[True, False]]))}; numpy writes zip64 local headers.
   */
  private static final String NUMPY_NPZ = "UEsDBC0AAAAAAAAAIQBP6QAq//////////8FABQAYS5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCAzKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAAgD8AAABAAABAQAAAgEAAAKBAUEsDBC0AAAAAAAAAIQCE4LZt//////////8FABQAYi5ucHkBABAAgwAAAAAAAACDAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJ3x1MScsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAQABUEsDBC0AAAAAAAAAIQAQGToZ//////////8FABQAYy5ucHkBABAAggAAAAAAAACCAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJ3xiMScsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAQBQSwECLQMtAAAAAAAAACEAT+kAKpgAAACYAAAABQAAAAAAAAAAAAAAgAEAAAAAYS5ucHlQSwECLQMtAAAAAAAAACEAhOC2bYMAAACDAAAABQAAAAAAAAAAAAAAgAHPAAAAYi5ucHlQSwECLQMtAAAAAAAAACEAEBk6GYIAAACCAAAABQAAAAAAAAAAAAAAgAGJAQAAYy5ucHlQSwUGAAAAAAMAAwCZAAAAQgIAAAAA";

  @TempDir Path dir;

  private static Map<String, NpyArray> sample() {
    Map<String, NpyArray> m = new LinkedHashMap<>();
    m.put("zeta.weight", NpyArray.ofFloats(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    m.put("alpha", NpyArray.ofBooleans(new int[] {3}, new boolean[] {true, false, true}));
    m.put("layer2.0.shortcut.0.weight", NpyArray.ofLongs(new int[] {1}, new long[] {9}));
    m.put("m", NpyArray.ofInts(new int[] {2, 1}, new int[] {-1, 1}));
    return m;
  }

  @Test
  void roundTripsInInsertionOrderStoredAndDeflated() throws IOException {
    for (boolean compress : new boolean[] {false, true}) {
      Path f = dir.resolve(compress ? "c.npz" : "s.npz");
      if (compress) {
        Npz.writeCompressed(f, sample());
      } else {
        Npz.write(f, sample());
      }
      Map<String, NpyArray> back = Npz.read(f);
      assertEquals(List.copyOf(sample().keySet()), List.copyOf(back.keySet()));
      assertEquals(sample(), back);
      try (ZipFile z = new ZipFile(f.toFile())) {
        ZipEntry e = z.getEntry("zeta.weight.npy");
        assertEquals(compress ? ZipEntry.DEFLATED : ZipEntry.STORED, e.getMethod());
      }
    }
  }

  @Test
  void readsWhatNumpyWrites() throws IOException {
    Path f = dir.resolve("numpy.npz");
    Files.write(f, Base64.getDecoder().decode(NUMPY_NPZ));
    Map<String, NpyArray> m = Npz.read(f);
    assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.get("a").floats());
    assertArrayEquals(new int[] {2, 3}, m.get("a").shape());
    assertEquals(NpyDtype.UINT8, m.get("b").dtype());
    assertArrayEquals(new boolean[] {true, false, true}, m.get("b").booleans());
    assertArrayEquals(new int[] {1, 2}, m.get("c").shape());
    assertArrayEquals(new boolean[] {true, false}, m.get("c").booleans());
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> Npz.read(dir.resolve("nope.npz")));
  }

  @Test
  void notAZipIsCorrupt() throws IOException {
    Path f = dir.resolve("bad.npz");
    Files.writeString(f, "this is not a zip archive at all");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Npz.read(f));
    assertTrue(e.getMessage().contains("not a valid .npz (zip) archive"), e.getMessage());
  }

  @Test
  void aTruncatedArchiveIsCorrupt() throws IOException {
    Path f = dir.resolve("t.npz");
    Npz.write(f, sample());
    byte[] all = Files.readAllBytes(f);
    for (int len : new int[] {0, 10, all.length / 2, all.length - 30, all.length - 1}) {
      Files.write(f, java.util.Arrays.copyOf(all, len));
      assertThrows(CorruptFileException.class, () -> Npz.read(f), "truncated at " + len);
    }
  }

  @Test
  void aBadEntryIsNamed() throws IOException {
    Path f = dir.resolve("e.npz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry("good.npy"));
      z.write(Npy.toBytes(NpyArray.ofInts(new int[] {1}, new int[] {1})));
      z.putNextEntry(new ZipEntry("broken.npy"));
      byte[] b = Npy.toBytes(NpyArray.ofInts(new int[] {4}, new int[4]));
      z.write(b, 0, b.length - 3);
    }
    Files.write(f, bytes.toByteArray());
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Npz.read(f));
    assertTrue(e.getMessage().contains("entry 'broken.npy'") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rejectsEmptyNames() {
    Map<String, NpyArray> m = Map.of("", NpyArray.ofInts(new int[] {1}, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Npz.write(dir.resolve("x.npz"), m));
  }
}
