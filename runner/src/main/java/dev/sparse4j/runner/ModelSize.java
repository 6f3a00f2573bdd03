package dev.sparse4j.runner;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import java.util.Locale;

/**
 * Checks, in bytes and before anything is created, that a model fits: every tensor within the 2 GB that one Java
 * array or native buffer can hold, and the run's Java-side copies of the state (checkpoints, {@code state()},
 * {@code weights.npz}) within the heap.
 */
public final class ModelSize {
  /** Bytes per value (float32). */
  static final long BYTES = 4;
  /** The largest array Java can allocate, in bytes. */
  static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8L;
  /** Java-side copies of the state a run holds at once (the state, the optimizer state, a file buffer). */
  static final int COPIES = 3;

  private ModelSize() {}

  /**
   * @param maxHeapBytes the JVM's maximum heap ({@code Runtime.maxMemory()})
   * @throws RunException naming the tensor or the estimate that does not fit, and what to change
   */
  public static void check(ModelSpec spec, String what, long maxHeapBytes) {
    long total = 0;
    for (ParamSpec p : spec.stateTensors()) {
      long bytes = p.numel() * BYTES;
      if (bytes > MAX_TENSOR_BYTES) {
        throw new RunException(String.format(Locale.ROOT, "%s is too large: tensor %s has %,d values (%s as "
                + "float32) but one tensor can hold at most %s; use a smaller --width (the model has %,d parameters)",
            what, p.name(), p.numel(), gb(bytes), gb(MAX_TENSOR_BYTES), spec.parameterCount()));
      }
      total += bytes;
    }
    long needed = total * COPIES;
    if (needed > maxHeapBytes) {
      throw new RunException(String.format(Locale.ROOT, "%s needs about %s of Java heap (%,d parameters and buffers "
              + "= %s as float32, held %d times for the state, the optimizer state and file writes) but the heap "
              + "is %s; give the JVM more (JAVA_OPTS=-Xmx%dg) or use a smaller --width", what, gb(needed),
          total / BYTES, gb(total), COPIES, gb(maxHeapBytes), (needed >> 30) + 2));
    }
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
  }
}
