package dev.sparse4j.api.spi;

import java.util.Locale;

/**
 * How the DJL engines run a 1×1 convolution with stride > 1 (a ResNet projection shortcut).
 *
 * <p>oneDNN's AVX2 {@code jit_1x1} backward-weights kernel computes wrong weight gradients for it on channels-last
 * (NHWC) data when the input has fewer channels than its 8-wide block (upstream oneDNN issue 6035: it writes past its
 * reduce-to-unit-stride workspace; wrong {@code diff_weights}, sometimes a hang or a crash). PyTorch (channels-last)
 * and TensorFlow (always NHWC) both reach that kernel on AVX2-only CPUs. A strided 1×1 convolution is exactly a
 * strided subsample of its (padded) input followed by a stride-1 1×1 convolution, which never takes that path; so
 * {@link #SUBSAMPLE} — the default — is what both engines compile. {@link #NATIVE} hands the stride to the engine's
 * convolution (for diagnosis only: {@code sparse4j doctor} shows what goes wrong with it).
 */
public enum ConvWorkaround {
  /** Subsample, then a stride-1 1×1 convolution (the default). */
  SUBSAMPLE,
  /** The engine's strided convolution as it is. */
  NATIVE;

  /** The system property both DJL engines read: {@code subsample} (default) or {@code native}. */
  public static final String PROPERTY = "sparse4j.djl.strided-1x1";

  /** The setting of {@link #PROPERTY}; an unknown value is an error naming the property and both values. */
  public static ConvWorkaround fromSystemProperty(String backendId) {
    String value = System.getProperty(PROPERTY, "subsample").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "subsample" -> SUBSAMPLE;
      case "native" -> NATIVE;
      default -> throw new IllegalArgumentException("backend " + backendId + ": system property " + PROPERTY
          + " must be subsample (the default: a strided 1×1 convolution runs as a strided subsample and a stride-1"
          + " convolution, avoiding oneDNN's faulty AVX2 kernel) or native (diagnosis only), got '"
          + System.getProperty(PROPERTY) + "'");
    };
  }

  /** Whether a convolution with this kernel size and stride is compiled as subsample + stride-1 convolution. */
  public boolean splits(int kernelSize, int stride) {
    return this == SUBSAMPLE && kernelSize == 1 && stride > 1;
  }
}
