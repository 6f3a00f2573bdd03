package dev.sparse4j.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The seeded, splittable random generator behind every random choice sparse4j makes (random masks, tie-breaking).
 * Its algorithm is part of the public contract and will not change within a major version, so a seed gives
 * bit-identical masks on every backend, JVM, run, thread count and layer order. It does not use
 * {@link java.util.Random} or {@link java.util.SplittableRandom}, whose algorithms the JDK does not promise to keep.
 *
 * <p><b>Generator.</b> SplitMix64 (Steele, Lea &amp; Flood, 2014): a 64-bit state advanced by the golden gamma
 * {@code 0x9E3779B97F4A7C15}; each output is {@link #mix64(long) mix64}{@code (state += gamma)}, where
 * {@code mix64(z)}: {@code z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) * 0x94D049BB133111EB;
 * return z ^ (z >>> 31)} (all arithmetic modulo 2<sup>64</sup>). From state 0 the first outputs are
 * {@code 0xE220A8397B1DCDAF}, {@code 0x6E789E6AA1B965F4}, {@code 0x06C45D188009454F}.
 *
 * <p><b>Streams.</b> The stream for a root seed {@code s} and a key {@code k} (for masks, the parameter name) starts
 * at state {@code mix64(s ^ mix64(fnv1a64(k)))}, where {@link #fnv1a64(String) fnv1a64} is 64-bit FNV-1a over the
 * UTF-8 bytes of the key (offset basis {@code 0xCBF29CE484222325}, prime {@code 0x100000001B3}). Streams of
 * different keys are therefore independent of each other and of the order in which they are used.
 * Other components that need their own stream use a distinct key such as {@code "snip-ties/" + name}.
 *
 * <p><b>Bounded integers.</b> {@link #nextInt(int) nextInt(b)} uses Lemire's unbiased multiply-shift method on the
 * upper 32 bits {@code x} of one output: {@code m = x · b}; if the low 32 bits of {@code m} are below
 * {@code 2^32 mod b} the draw is rejected and repeated; otherwise the result is {@code m >>> 32}.
 *
 * <p><b>Doubles.</b> {@link #nextDouble()} is {@code (nextLong() >>> 11) · 2^-53}, uniform on [0, 1).
 *
 * <p>An instance is mutable and not thread-safe; give each thread its own stream (they are cheap).
 */
public final class SplitMix64 {
  /** The increment added to the state before every output (the odd "golden gamma"). */
  public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;
  private static final long LOW32 = 0xFFFFFFFFL;

  private long state;

  /** A generator whose state is exactly {@code state} (the first output is {@code mix64(state + gamma)}). */
  public SplitMix64(long state) {
    this.state = state;
  }

  /**
   * The stream for root seed {@code seed} and key {@code key}: state {@code mix64(seed ^ mix64(fnv1a64(key)))}.
   * Random masks use the parameter name as the key.
   */
  public static SplitMix64 forStream(long seed, String key) {
    Objects.requireNonNull(key, "key");
    return new SplitMix64(mix64(seed ^ mix64(fnv1a64(key))));
  }

  /** The SplitMix64 output function (David Stafford's "Mix13" variant). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 64-bit FNV-1a hash of the UTF-8 bytes of {@code s}. */
  public static long fnv1a64(String s) {
    long h = FNV_OFFSET_BASIS;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    return mix64(state += GOLDEN_GAMMA);
  }

  /**
   * A uniform integer in {@code [0, bound)}, without bias (Lemire's method, see the class comment).
   *
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long s = bound;
    long m = (nextLong() >>> 32) * s;
    long low = m & LOW32;
    if (low < s) {
      // 2^32 mod s: the number of 32-bit values that would make some results one draw more likely.
      long threshold = (0x1_0000_0000L - s) % s;
      while (low < threshold) {
        m = (nextLong() >>> 32) * s;
        low = m & LOW32;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * A uniform long in {@code [0, bound)}, without bias: {@link #nextInt(int) nextInt(bound)} when the bound fits an
   * {@code int} (so small ranges draw exactly what {@code nextInt} draws), else rejection sampling on
   * {@code u = nextLong() >>> 1}: {@code r = u mod bound}, redrawn while {@code u − r + (bound − 1)} overflows
   * (the method of {@code java.util.SplittableRandom}).
   *
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    if (bound <= Integer.MAX_VALUE) {
      return nextInt((int) bound);
    }
    long m = bound - 1;
    long u = nextLong() >>> 1;
    long r = u % bound;
    while (u - r + m < 0) {
      u = nextLong() >>> 1;
      r = u % bound;
    }
    return r;
  }

  /**
   * Skips {@code n} outputs in O(1): the next output is the one {@code n} calls of {@link #nextLong()} would have
   * reached (the state moves by {@code n · gamma}), so the {@code i}-th value of a stream can be read without
   * drawing the ones before it.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public SplitMix64 skip(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot skip a negative number of outputs: " + n);
    }
    state += n * GOLDEN_GAMMA;
    return this;
  }

  /** A uniform double in [0, 1): {@code (nextLong() >>> 11) · 2^-53}. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  @Override
  public String toString() {
    return "SplitMix64[state=0x" + Long.toHexString(state) + "]";
  }
}
