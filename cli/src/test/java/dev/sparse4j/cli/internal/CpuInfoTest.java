package dev.sparse4j.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The doctor's CPU line, from a written {@code /proc/cpuinfo}. */
class CpuInfoTest {

  @Test
  void theCpuLineNamesTheModelTheVectorExtensionAndKernelLimits() throws Exception {
    java.nio.file.Path cpuinfo = java.nio.file.Files.createTempFile("cpuinfo", ".txt");
    try {
      java.nio.file.Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx avx2 fma\n");
      assertEquals("AMD EPYC, 2 cores, AVX2; ONEDNN_MAX_CPU_ISA=AVX2", CpuInfo.describe(cpuinfo,
          Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "HOME", "/root"), 2));
    } finally {
      java.nio.file.Files.delete(cpuinfo);
    }
  }}
