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
      long bytes = p.size() * BYTES;
      if (bytes > MAX_TENSOR_BYTES) {
        throw new RunException(String.format(Locale.ROOT, "%s is too large: tensor %s has %,d values (%s as "
                + "float32) but one tensor can hold at most %s; use a smaller --width (the model has %,d parameters)"
                + ", or train it as kept entries only (--kept-entries, backend sparse-cpu)",
            what, p.name(), p.size(), gb(bytes), gb(MAX_TENSOR_BYTES), spec.parameterCount()));
      }
      total += bytes;
    }
    long needed = total * COPIES;
    if (needed > maxHeapBytes) {
      throw new RunException(String.format(Locale.ROOT, "%s needs about %s of Java heap (%,d parameters and buffers "
              + "= %s as float32, held %d times for the state, the optimizer state and file writes) but the heap "
              + "is %s; give the JVM more (JAVA_OPTS=-Xmx%dg), use a smaller --width, or train it as kept entries only "
              + "(--kept-entries, backend sparse-cpu)", what, gb(needed),
          total / BYTES, gb(total), COPIES, gb(maxHeapBytes), (needed >> 30) + 2));
    }
  }

  /**
   * Whether {@link #check} would pass: every tensor fits an array and the dense state fits the heap.
   */
  public static boolean fitsDense(ModelSpec spec, long maxHeapBytes) {
    try {
      check(spec, "", maxHeapBytes);
      return true;
    } catch (RunException e) {
      return false;
    }
  }

  /**
   * Bytes a backend holding kept entries only needs for the state, per kept weight: value, gradient, two optimizer
   * slots (Adam's m and v; SGD momentum uses one), the column index, and the column view of the input-gradient pass
   * (entry and row); dense tensors count whole, with the same slots. {@link #checkKept} adds 4 bytes each for the
   * copy of the kept state written at the end.
   */
  static final long KEPT_ENTRY_BYTES = 4L * 4 + 4 + 8;

  /**
   * The size guard of a run that holds kept entries only ({@code Capability.KEPT_ENTRIES}): counts what the backend
   * holds — {@value #KEPT_ENTRY_BYTES} bytes per kept weight, the dense tensors whole with their slots, and the
   * run's copies of the kept state for writing — against the heap; a layer must keep fewer entries than one array
   * holds.
   *
   * @param masks the kept entries of every masked weight
   * @return the estimate in bytes
   * @throws RunException naming what does not fit and what to change
   */
  public static long checkKept(ModelSpec spec, dev.sparse4j.api.MaskCounts masks, String what, long maxHeapBytes) {
    long bytes = 0;
    long kept = 0;
    for (ParamSpec p : spec.stateTensors()) {
      if (masks.contains(p.name())) {
        long k = masks.kept(p.name());
        kept += k;
        bytes += k * (KEPT_ENTRY_BYTES + BYTES);
      } else {
        if (p.size() * BYTES > MAX_TENSOR_BYTES) {
          throw new RunException(String.format(Locale.ROOT, "%s is too large: tensor %s has %,d values and is not"
              + " masked, so it is held whole; one tensor can hold at most %s", what, p.name(), p.size(),
              gb(MAX_TENSOR_BYTES)));
        }
        bytes += p.size() * (KEPT_ENTRY_BYTES + BYTES);
      }
    }
    if (bytes > maxHeapBytes) {
      throw new RunException(String.format(Locale.ROOT, "%s needs about %s of Java heap for its %,d kept weights "
              + "(values, gradients, optimizer state and indices, %d bytes each) but the heap is %s; give the JVM more"
              + " (JAVA_OPTS=-Xmx%dg) or raise --sparsity", what, gb(bytes), kept, KEPT_ENTRY_BYTES + BYTES,
          gb(maxHeapBytes), (bytes >> 30) + 2));
    }
    return bytes;
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
  }
}
