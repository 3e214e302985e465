package dev.dl.data.transforms;

import dev.dl.Tensor;

/**
 * An RGB [3, H, W] image to gray with ITU-R 601 luma weights {@code 0.299 R + 0.587 G + 0.114 B},
 * as torchvision's {@code Grayscale}; 1 or 3 output channels (3 repeats the gray plane).
 *
 * <pre>{@code
 * Tensor gray = new Grayscale(1).apply(rgb);   // [1, H, W]
 * }</pre>
 */
public final class Grayscale implements Transform<Tensor, Tensor> {
  private final int outputChannels;

  /** {@code outputChannels} is 1 or 3. */
  public Grayscale(int outputChannels) {
    if (outputChannels != 1 && outputChannels != 3) {
      throw new IllegalArgumentException("Grayscale: numOutputChannels must be 1 or 3, got " + outputChannels);
    }
    this.outputChannels = outputChannels;
  }

  @Override
  public Tensor apply(Tensor image) {
    Image img = Image.of(image, "Grayscale");
    if (img.channels != 3 && img.channels != 1) {
      throw new IllegalArgumentException("Grayscale: expected 1 or 3 channels, got shape " + image.shape());
    }
    int plane = img.height * img.width;
    Image out = Image.blank(outputChannels, img.height, img.width, 0, img.dtype);
    for (int i = 0; i < plane; i++) {
      float l = img.channels == 1 ? img.data[i]
          : 0.299f * img.data[i] + 0.587f * img.data[plane + i] + 0.114f * img.data[2 * plane + i];
      for (int c = 0; c < outputChannels; c++) out.data[c * plane + i] = l;
    }
    return out.toTensor();
  }
}
