package dev.dl.data.transforms;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;

/**
 * A {@code height x width} window at a random position, after optionally padding every border with
 * {@code padding} pixels of {@code fill}, as torchvision's {@code RandomCrop}. The position comes
 * from the given generator, or from {@link DataLoader#sampleGenerator()} when none is given.
 *
 * <pre>{@code
 * Tensor aug = new RandomCrop(32, 32, 4).apply(cifarImage);   // CIFAR-style augmentation
 * }</pre>
 */
public final class RandomCrop implements Transform<Tensor, Tensor> {
  private final int height;
  private final int width;
  private final int padding;
  private final float fill;
  private final Generator generator;

  /** A crop of {@code height x width} after zero padding of {@code padding} pixels. */
  public RandomCrop(int height, int width, int padding) { this(height, width, padding, 0, null); }

  /** Full control; a null generator uses the loader's per-sample generator. */
  public RandomCrop(int height, int width, int padding, double fill, Generator generator) {
    if (height <= 0 || width <= 0) throw new IllegalArgumentException("RandomCrop: sizes must be positive, got " + height + "x" + width);
    if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be >= 0, got " + padding);
    this.height = height;
    this.width = width;
    this.padding = padding;
    this.fill = (float) fill;
    this.generator = generator;
  }

  @Override
  public Tensor apply(Tensor image) {
    Image img = Image.of(image, "RandomCrop");
    int ph = img.height + 2 * padding;
    int pw = img.width + 2 * padding;
    if (ph < height || pw < width) {
      throw new IllegalArgumentException("RandomCrop: required crop size " + height + "x" + width
          + " is larger than the padded input image size " + ph + "x" + pw + " (image shape " + image.shape() + ")");
    }
    Generator g = generator != null ? generator : DataLoader.sampleGenerator();
    int top = g.nextInt(ph - height + 1) - padding;
    int left = g.nextInt(pw - width + 1) - padding;
    return img.crop(top, left, height, width, fill).toTensor();
  }
}
