package dev.dl.data.transforms;

import dev.dl.Tensor;

/**
 * Bilinear resize of a [C, H, W] image, as torchvision's {@code Resize} on tensors with
 * {@code antialias=False}: to an exact (height, width), or with one size so the shorter side
 * becomes that size and the aspect ratio is kept.
 *
 * <pre>{@code
 * Tensor small = new Resize(32).apply(image);        // shorter side 32
 * Tensor exact = new Resize(224, 224).apply(image);
 * }</pre>
 */
public final class Resize implements Transform<Tensor, Tensor> {
  private final int height;
  private final int width;
  private final int shorter;

  /** Resize so the shorter side is {@code size}. */
  public Resize(int size) {
    if (size <= 0) throw new IllegalArgumentException("Resize: size must be positive, got " + size);
    this.shorter = size;
    this.height = -1;
    this.width = -1;
  }

  /** Resize to exactly {@code height x width}. */
  public Resize(int height, int width) {
    if (height <= 0 || width <= 0) throw new IllegalArgumentException("Resize: sizes must be positive, got " + height + "x" + width);
    this.height = height;
    this.width = width;
    this.shorter = -1;
  }

  @Override
  public Tensor apply(Tensor image) {
    Image img = Image.of(image, "Resize");
    int oh = height;
    int ow = width;
    if (shorter > 0) {
      if (img.height <= img.width) {
        oh = shorter;
        ow = (int) ((long) shorter * img.width / img.height);
      } else {
        ow = shorter;
        oh = (int) ((long) shorter * img.height / img.width);
      }
    }
    return bilinear(img, oh, ow).toTensor();
  }

  /** Half-pixel-centre bilinear sampling (align_corners=False). */
  static Image bilinear(Image img, int oh, int ow) {
    Image out = Image.blank(img.channels, oh, ow, 0, img.dtype);
    double sy = (double) img.height / oh;
    double sx = (double) img.width / ow;
    for (int y = 0; y < oh; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) fy, img.height - 1);
      int y1 = Math.min(y0 + 1, img.height - 1);
      float wy = (float) (fy - y0);
      for (int x = 0; x < ow; x++) {
        double fx = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) fx, img.width - 1);
        int x1 = Math.min(x0 + 1, img.width - 1);
        float wx = (float) (fx - x0);
        for (int c = 0; c < img.channels; c++) {
          float top = img.get(c, y0, x0) * (1 - wx) + img.get(c, y0, x1) * wx;
          float bottom = img.get(c, y1, x0) * (1 - wx) + img.get(c, y1, x1) * wx;
          out.set(c, y, x, top * (1 - wy) + bottom * wy);
        }
      }
    }
    return out;
  }
}
