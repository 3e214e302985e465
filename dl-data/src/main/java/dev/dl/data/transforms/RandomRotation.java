package dev.dl.data.transforms;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;

/**
 * Rotates a [C, H, W] image about its centre by an angle drawn uniformly from
 * {@code [-degrees, degrees]} (counter-clockwise for positive angles), with nearest-neighbour
 * sampling and {@code fill} outside the source, as torchvision's {@code RandomRotation} defaults.
 *
 * <pre>{@code
 * Tensor rotated = new RandomRotation(15).apply(digit);
 * }</pre>
 */
public final class RandomRotation implements Transform<Tensor, Tensor> {
  private final double minDegrees;
  private final double maxDegrees;
  private final float fill;
  private final Generator generator;

  /** Angles in {@code [-degrees, degrees]}, zero fill, the loader's per-sample generator. */
  public RandomRotation(double degrees) { this(-degrees, degrees, 0, null); }

  /** Angles in {@code [minDegrees, maxDegrees]}; a null generator uses the loader's per-sample generator. */
  public RandomRotation(double minDegrees, double maxDegrees, double fill, Generator generator) {
    if (!(minDegrees <= maxDegrees)) {
      throw new IllegalArgumentException("RandomRotation: degrees range must be [min, max] with min <= max, got ["
          + minDegrees + ", " + maxDegrees + "]");
    }
    this.minDegrees = minDegrees;
    this.maxDegrees = maxDegrees;
    this.fill = (float) fill;
    this.generator = generator;
  }

  @Override
  public Tensor apply(Tensor image) {
    Generator g = generator != null ? generator : DataLoader.sampleGenerator();
    double angle = minDegrees + g.nextDouble() * (maxDegrees - minDegrees);
    return rotate(Image.of(image, "RandomRotation"), angle, fill).toTensor();
  }

  static Image rotate(Image img, double degrees, float fill) {
    Image out = Image.blank(img.channels, img.height, img.width, fill, img.dtype);
    double rad = Math.toRadians(degrees);
    double cos = Math.cos(rad);
    double sin = Math.sin(rad);
    double cy = (img.height - 1) / 2.0;
    double cx = (img.width - 1) / 2.0;
    for (int y = 0; y < img.height; y++) {
      for (int x = 0; x < img.width; x++) {
        // Inverse mapping: the source pixel that lands on (x, y). Image y points down, so a
        // counter-clockwise turn on screen uses +sin for x and -sin for y here.
        double dx = x - cx;
        double dy = y - cy;
        int sx = (int) Math.round(cos * dx - sin * dy + cx);
        int sy = (int) Math.round(sin * dx + cos * dy + cy);
        if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) continue;
        for (int c = 0; c < img.channels; c++) out.set(c, y, x, img.get(c, sy, sx));
      }
    }
    return out;
  }
}
