package dev.sparse4j.train;

import dev.sparse4j.api.SplitMix64;
import java.util.Arrays;

/**
 * The training-time image augmentation: random crop after zero padding ({@code torchvision RandomCrop(size,
 * padding)}) followed by a random horizontal flip ({@code RandomHorizontalFlip(0.5)}), the usual CIFAR pipeline.
 * Works in place on a batch of {@code [C, H, W]} examples stored one after the other.
 *
 * <p>Random draws come from the {@link SplitMix64} stream {@code forStream(seed, "train/augment/<epoch>/<batch>")}
 * (0-based indices), which depends on the seed and the batch coordinates only, so a batch is augmented the same way
 * in every run and after a resume. Per example, in order: crop offsets {@code dy = nextInt(2p + 1)},
 * {@code dx = nextInt(2p + 1)} (when cropping), then a flip when {@code nextLong() < 0} (when flipping).
 */
public final class Augmentation {
  private final boolean flip;
  private final int padding;
  private final int channels;
  private final int height;
  private final int width;
  private final float[] scratch;

  /**
   * An augmentation for examples of {@code shape}.
   *
   * @param horizontalFlip flip left–right with probability ½
   * @param cropPadding zero padding of the random crop, 0 = no crop
   * @param shape per-example shape; must be {@code [C, H, W]}
   * @throws IllegalArgumentException if the shape is not {@code [C, H, W]} or the padding is negative
   */
  public Augmentation(boolean horizontalFlip, int cropPadding, int[] shape) {
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must be ≥ 0, got " + cropPadding);
    }
    if (shape.length != 3) {
      throw new IllegalArgumentException("random crops and flips need [C, H, W] image examples, but the examples "
          + "have shape " + Arrays.toString(shape) + "; switch augmentation off (horizontalFlip false, cropPadding 0)");
    }
    this.flip = horizontalFlip;
    this.padding = cropPadding;
    this.channels = shape[0];
    this.height = shape[1];
    this.width = shape[2];
    this.scratch = new float[channels * height * width];
  }

  /** Whether this augmentation changes anything. */
  public boolean isIdentity() {
    return !flip && padding == 0;
  }

  /**
   * Augments the first {@code count} examples of {@code batch} in place.
   *
   * @param seed the run's seed
   * @param epochIndex 0-based epoch index
   * @param batchIndex 0-based batch index within the epoch
   */
  public void apply(float[] batch, int count, long seed, int epochIndex, int batchIndex) {
    if (isIdentity()) {
      return;
    }
    int per = channels * height * width;
    if ((long) count * per > batch.length) {
      throw new IllegalArgumentException(
          count + " examples of " + per + " values do not fit a batch array of " + batch.length);
    }
    SplitMix64 rng = SplitMix64.forStream(seed, "train/augment/" + epochIndex + "/" + batchIndex);
    for (int i = 0; i < count; i++) {
      int off = i * per;
      if (padding > 0) {
        int dy = rng.nextInt(2 * padding + 1);
        int dx = rng.nextInt(2 * padding + 1);
        System.arraycopy(batch, off, scratch, 0, per);
        crop(scratch, 0, channels, height, width, padding, dy, dx, batch, off);
      }
      if (flip && rng.nextLong() < 0) {
        flipHorizontal(batch, off, channels, height, width);
      }
    }
  }

  /** Reverses every row of one {@code [C, H, W]} example starting at {@code offset}, in place. */
  public static void flipHorizontal(float[] data, int offset, int channels, int height, int width) {
    for (int row = 0; row < channels * height; row++) {
      int a = offset + row * width;
      int b = a + width - 1;
      while (a < b) {
        float t = data[a];
        data[a] = data[b];
        data[b] = t;
        a++;
        b--;
      }
    }
  }

  /**
   * Crops an {@code H × W} window at {@code (dy, dx)} out of the example zero-padded by {@code padding} on every
   * side: {@code out[c, y, x] = in[c, y + dy − padding, x + dx − padding]}, or 0 outside the image.
   *
   * @param src source array; the example starts at {@code srcOffset}
   * @param dy row offset in the padded image, in {@code [0, 2·padding]}
   * @param dx column offset in the padded image, in {@code [0, 2·padding]}
   * @param dst destination array (must not overlap the source example); the example starts at {@code dstOffset}
   */
  public static void crop(float[] src, int srcOffset, int channels, int height, int width, int padding, int dy,
      int dx, float[] dst, int dstOffset) {
    if (dy < 0 || dy > 2 * padding || dx < 0 || dx > 2 * padding) {
      throw new IllegalArgumentException(
          "crop offsets (" + dy + ", " + dx + ") must lie in [0, " + 2 * padding + "] for padding " + padding);
    }
    int sy = dy - padding;
    int sx = dx - padding;
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int y = 0; y < height; y++) {
        int inY = y + sy;
        int outRow = dstOffset + plane + y * width;
        if (inY < 0 || inY >= height) {
          Arrays.fill(dst, outRow, outRow + width, 0f);
          continue;
        }
        int inRow = srcOffset + plane + inY * width;
        for (int x = 0; x < width; x++) {
          int inX = x + sx;
          dst[outRow + x] = inX < 0 || inX >= width ? 0f : src[inRow + inX];
        }
      }
    }
  }
}
