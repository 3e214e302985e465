package dev.dl.data.transforms;

import dev.dl.Tensor;

/**
 * The central {@code height x width} window of a [C, H, W] image, as torchvision's
 * {@code CenterCrop}; an image smaller than the crop is padded with zeros.
 *
 * <pre>{@code
 * Tensor c = new CenterCrop(224, 224).apply(image);
 * }</pre>
 */
public final class CenterCrop implements Transform<Tensor, Tensor> {
  private final int height;
  private final int width;

  /** A square crop. */
  public CenterCrop(int size) { this(size, size); }

  /** A crop of {@code height x width}. */
  public CenterCrop(int height, int width) {
    if (height <= 0 || width <= 0) throw new IllegalArgumentException("CenterCrop: sizes must be positive, got " + height + "x" + width);
    this.height = height;
    this.width = width;
  }

  @Override
  public Tensor apply(Tensor image) {
    Image img = Image.of(image, "CenterCrop");
    int top = offset(img.height, height);
    int left = offset(img.width, width);
    return img.crop(top, left, height, width, 0).toTensor();
  }

  /**
   * torchvision's offset: {@code round((size - crop) / 2)} with Python's half-to-even rounding; a
   * crop larger than the image pads {@code (crop - size) / 2} (rounded down) before it.
   */
  private static int offset(int size, int crop) {
    return crop > size ? -((crop - size) / 2) : (int) Math.rint((size - crop) / 2.0);
  }
}
