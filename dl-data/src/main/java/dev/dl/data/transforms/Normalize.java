package dev.dl.data.transforms;

import dev.dl.Tensor;
import java.util.Arrays;

/**
 * {@code (x - mean[c]) / std[c]} per channel of a [C, H, W] image, as torchvision's
 * {@code Normalize}; one mean/std value applies to every channel.
 *
 * <pre>{@code
 * var norm = new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
 * }</pre>
 */
public final class Normalize implements Transform<Tensor, Tensor> {
  private final double[] mean;
  private final double[] std;

  /** Per-channel means and standard deviations (no std may be 0). */
  public Normalize(double[] mean, double[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("Normalize: mean and std need the same non-zero length, got "
          + Arrays.toString(mean) + " and " + Arrays.toString(std));
    }
    for (double s : std) {
      if (s == 0) throw new IllegalArgumentException("Normalize: std evaluated to zero after conversion, got " + Arrays.toString(std));
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  @Override
  public Tensor apply(Tensor image) {
    Image img = Image.of(image, "Normalize");
    if (mean.length != 1 && mean.length != img.channels) {
      throw new IllegalArgumentException("Normalize: " + mean.length + " means for an image with " + img.channels
          + " channels (shape " + image.shape() + ")");
    }
    int plane = img.height * img.width;
    for (int c = 0; c < img.channels; c++) {
      float m = (float) mean[mean.length == 1 ? 0 : c];
      float inv = (float) (1 / std[std.length == 1 ? 0 : c]);
      for (int i = c * plane; i < (c + 1) * plane; i++) img.data[i] = (img.data[i] - m) * inv;
    }
    return img.toTensor();
  }
}
