package dev.sparse4j.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A one-line description of this CPU and of the settings that change which kernels the engines pick. */
public final class CpuInfo {
  /** Environment variables that limit the kernels oneDNN, ATen or TensorFlow choose. */
  static final List<String> KERNEL_SETTINGS = List.of("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA",
      "ATEN_CPU_CAPABILITY", "TF_ENABLE_ONEDNN_OPTS");

  private CpuInfo() {}

  /** E.g. {@code AMD EPYC, 2 cores, AVX-512; ONEDNN_MAX_CPU_ISA=AVX2}. */
  public static String describe() {
    return describe(Path.of("/proc/cpuinfo"), System.getenv(), Runtime.getRuntime().availableProcessors());
  }

  static String describe(Path cpuinfo, Map<String, String> env, int cores) {
    String model = System.getProperty("os.arch");
    String isa = "";
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name") && line.contains(":")) {
          model = line.substring(line.indexOf(':') + 1).strip();
        } else if (line.startsWith("flags") && isa.isEmpty()) {
          String flags = " " + line + " ";
          isa = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2"
              : flags.contains(" avx ") ? "AVX" : "no AVX";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: the architecture alone
    }
    List<String> parts = new ArrayList<>();
    parts.add(model);
    parts.add(cores + (cores == 1 ? " core" : " cores"));
    if (!isa.isEmpty()) {
      parts.add(isa);
    }
    List<String> settings = new ArrayList<>();
    for (String key : KERNEL_SETTINGS) {
      if (env.get(key) != null) {
        settings.add(key + "=" + env.get(key));
      }
    }
    return String.join(", ", parts) + (settings.isEmpty() ? "" : "; " + String.join(" ", settings));
  }
}
