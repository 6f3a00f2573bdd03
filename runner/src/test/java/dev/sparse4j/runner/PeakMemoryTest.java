package dev.sparse4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeakMemoryTest {
  @TempDir
  Path tmp;

  private static final String LIBC =
      "7f00a0000000-7f00a0028000 r--p 00000000 08:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6\n";

  @Test
  void thePeakIsVmHwmInBytes() throws Exception {
    Path status = Files.writeString(tmp.resolve("status"), "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  2048 kB\n");
    assertEquals(Optional.of(2048L * 1024), PeakMemory.residentBytes(status));
    assertEquals(Optional.empty(), PeakMemory.residentBytes(tmp.resolve("missing")));
  }

  @Test
  void thePreloadedAllocatorIsReadFromTheMappedLibraries() throws Exception {
    Path tc = Files.writeString(tmp.resolve("tc"), LIBC
        + "7f00b0000000-7f00b0010000 r-xp 00000000 08:01 99 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10\n");
    Path je = Files.writeString(tmp.resolve("je"), "7f00b0000000-7f00b0010000 r-xp 00000000 08:01 99 "
        + "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n" + LIBC);
    Path glibc = Files.writeString(tmp.resolve("glibc"), LIBC + "7f00c0000000-7f00c0001000 rw-p 00000000 00:00 0 \n");
    assertEquals(Optional.of("tcmalloc"), PeakMemory.preloadedAllocator(tc));
    assertEquals(Optional.of("jemalloc"), PeakMemory.preloadedAllocator(je));
    assertEquals(Optional.empty(), PeakMemory.preloadedAllocator(glibc));
    assertEquals(Optional.empty(), PeakMemory.preloadedAllocator(tmp.resolve("missing")));
  }
}
