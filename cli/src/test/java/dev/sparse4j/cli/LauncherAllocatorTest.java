package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of native allocator ({@code scripts/native-allocator.sh}): a stand-in {@code java} (through
 * {@code JAVA_HOME}) prints the {@code LD_PRELOAD} it was started with.
 */
class LauncherAllocatorTest {
  private static final Path LAUNCHER = Path.of("../sparse4j").toAbsolutePath().normalize();

  @TempDir
  Path javaHome;

  private record Result(int exit, String out) {}

  private Result launch(Map<String, String> env) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(javaHome.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\necho \"LD_PRELOAD=${LD_PRELOAD:-}\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--version").redirectErrorStream(true);
    pb.environment().remove("LD_PRELOAD");
    pb.environment().remove("SPARSE4J_MALLOC");
    pb.environment().put("SPARSE4J_SKIP_BUILD", "1");
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the launcher did not finish");
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
  }

  private static boolean tcmallocInstalled() {
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
    return Files.exists(Path.of("/usr/lib/" + arch + "-linux-gnu/libtcmalloc_minimal.so.4"))
        || Files.exists(Path.of("/usr/lib64/libtcmalloc_minimal.so.4"))
        || Files.exists(Path.of("/usr/lib/libtcmalloc_minimal.so.4"));
  }

  @Test
  void aWrongSettingIsRefusedWithTheChoices() throws Exception {
    Result r = launch(Map.of("SPARSE4J_MALLOC", "jemalloc"));
    assertEquals(2, r.exit());
    assertEquals("sparse4j: SPARSE4J_MALLOC must be auto, tcmalloc or system, not 'jemalloc'", r.out());
  }

  @Test
  void systemAndTheUsersOwnPreloadAreLeftAlone() throws Exception {
    assertEquals(new Result(0, "LD_PRELOAD="), launch(Map.of("SPARSE4J_MALLOC", "system")));
    assertEquals(new Result(0, "LD_PRELOAD=libc.so.6"), launch(Map.of("LD_PRELOAD", "libc.so.6")));
  }

  @Test
  void tcmallocIsPreloadedWhereItIsInstalled() throws Exception {
    if (tcmallocInstalled()) {
      Result r = launch(Map.of());
      assertEquals(0, r.exit());
      assertTrue(r.out().matches("LD_PRELOAD=/usr/lib.*/libtcmalloc_minimal\\.so\\.4"), r.out());
    } else {
      Result r = launch(Map.of("SPARSE4J_MALLOC", "tcmalloc"));
      assertEquals(2, r.exit());
      assertTrue(r.out().contains("run scripts/install-allocator.sh"), r.out());
      Assumptions.abort("tcmalloc is not installed here (scripts/install-allocator.sh): only the refusal was checked");
    }
  }
}
