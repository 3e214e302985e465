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
    // torchvision rounds the offset half-way cases as round((H - h) / 2.0)
    int top = (int) Math.round((img.height - height) / 2.0);
    int left = (int) Math.round((img.width - width) / 2.0);
    return img.crop(top, left, height, width, 0).toTensor();
  }
}
