package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparse4j.cli.DoctorRun.Check;
import dev.sparse4j.runner.sweep.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparse4j doctor} as a user runs it, in its own JVM over the real backends: OK on this machine; with oneDNN
 * limited to AVX2 and the strided 1×1 workaround switched off, it names the backends and the layer, finds the
 * remedy, and exits 1.
 */
class DoctorCommandTest {
  @TempDir
  Path tmp;

  private record Run(int exit, String out) {}

  private Run doctor(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(ChildJvm.command(Sparse4jCli.class, args));
    cmd.addAll(1, jvmOptions);
    cmd.add(1, "-Djava.awt.headless=true");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
        .redirectError(tmp.resolve("err.txt").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "doctor did not finish");
    return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void everyBackendIsRightOnThisMachine() throws Exception {
    Run r = doctor(Map.of(), List.of(), "doctor", "--backend", "djl-pytorch,sparse-cpu");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("djl-pytorch     OK       23 checks passed"), r.out());
    assertTrue(r.out().contains("sparse-cpu      OK"), r.out());
    assertTrue(r.out().contains("Every checked backend gives correct numbers on this CPU."), r.out());
  }

  @Test
  void withoutTheWorkaroundOnAvx2KernelsItNamesTheLayerAndTheRemedy() throws Exception {
    assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2"), "needs a CPU with AVX2");
    Run r = doctor(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "DNNL_MAX_CPU_ISA", "AVX2"),
        List.of("-Dsparse4j.djl.strided-1x1=native"), "doctor", "--backend", "djl-pytorch,djl-tensorflow");
    assertEquals(1, r.exit(), r.out());
    for (String id : List.of("djl-pytorch", "djl-tensorflow")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + id) && l.contains("WRONG")), r.out());
    }
    assertTrue(r.out().contains("wrong in: ") && r.out().contains("strided convolutions 1×1 conv"), r.out());
    assertTrue(r.out().contains("the strided 1×1 workaround is off"), r.out());
    assertTrue(r.out().contains("with memory-format=contiguous every check passes: add --backend-option"
        + " memory-format=contiguous to train, eval and sweep"), r.out());
    assertTrue(r.out().contains("Some backend gives wrong numbers or fails on this CPU"), r.out());
  }

  @Test
  void anUnknownOrUnavailableBackendIsABadCommandLine() {
    CliRunner.Result r = CliRunner.run(new dev.sparse4j.api.spi.SparseBackendProvider[] {new FakeBackend.Provider()},
        "doctor", "--backend", "nope");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--backend nope: no such backend; installed: fake"), r.err());
    CliRunner.Result t = CliRunner.run("doctor", "--timeout", "0");
    assertEquals(2, t.exit());
    assertTrue(t.err().contains("--timeout must be at least 1 second, got 0"), t.err());
  }

  @Test
  void theLayersOfFailedChecksAreNamed() {
    String where = DoctorCommand.where(List.of(
        new Check("golden trajectory residual sgd dense", false,
            "residual/sgd/dense/step0 layer1.0.shortcut.0.weight[8]: PyTorch has 0.1 but the backend 0.7"),
        new Check("golden parameter gradients", false, "mlp train-mode gradient of fc1.weight[3]: PyTorch has …"),
        new Check("float64 reference: 1×1 conv 2→16 stride 2 on 8×8, batch 4", false, "gradient of conv.weight[12]")));
    assertEquals("layer1.0.shortcut.0.weight (golden residual net); fc1.weight (golden mlp net);"
        + " strided convolutions 1×1 conv 2→16 stride 2 on 8×8", where);
  }
}
