package dev.sparse4j.backend.sparse.internal;

/**
 * Whether the Java Vector API ({@code jdk.incubator.vector}) can be used. It is an incubator module in Java 17: the
 * JVM resolves it only when started with {@code --add-modules jdk.incubator.vector} (the {@code sparse4j} launcher
 * does so for {@code sparse-cpu}). Without it the backend runs its scalar kernels; {@link VectorKernels} is never
 * loaded then, so its missing classes cannot fail.
 */
final class VectorSupport {
  /** The JVM option that makes the module available. */
  static final String JVM_OPTION = "--add-modules jdk.incubator.vector";

  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorSupport() {}

  /** True if the module is in the boot layer. */
  static boolean available() {
    return AVAILABLE;
  }

  /** Examples per vector (16 with AVX-512, 8 with AVX2); only when {@link #available()}. */
  static int lanes() {
    if (!AVAILABLE) {
      throw new IllegalStateException("jdk.incubator.vector is not available; start the JVM with " + JVM_OPTION);
    }
    return VectorKernels.LANES;
  }
}
