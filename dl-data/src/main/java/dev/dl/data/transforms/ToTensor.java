package dev.dl.data.transforms;

import dev.dl.DType;
import dev.dl.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * An image to a float32 tensor of shape [C, H, W] with values in [0, 1], as torchvision's
 * {@code ToTensor}. Accepts a {@link BufferedImage} (gray images give 1 channel, colour images 3,
 * with alpha 4) or a uint8 tensor of shape [H, W, C] or [H, W]; other tensors pass through.
 *
 * <pre>{@code
 * Tensor x = new ToTensor().apply(ImageIO.read(file));   // [3, H, W] in [0, 1]
 * }</pre>
 */
public final class ToTensor implements Transform<Object, Tensor> {
  @Override
  public Tensor apply(Object image) {
    return switch (image) {
      case BufferedImage img -> fromImage(img);
      case Tensor t -> fromTensor(t);
      case null -> throw new IllegalArgumentException("ToTensor: image is null");
      default -> throw new IllegalArgumentException("ToTensor: expected a BufferedImage or a uint8 [H, W, C] tensor, got "
          + image.getClass().getName());
    };
  }

  private static Tensor fromImage(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    int gray = img.getColorModel().getColorSpace().getNumComponents() == 1 ? 1 : 0;
    boolean alpha = img.getColorModel().hasAlpha();
    int channels = gray == 1 ? (alpha ? 2 : 1) : (alpha ? 4 : 3);
    float[] out = new float[channels * h * w];
    if (gray == 1 && !alpha && img.getRaster().getNumBands() == 1) {
      Raster r = img.getRaster();
      int bits = img.getColorModel().getComponentSize(0);
      float max = (float) ((1 << bits) - 1);
      for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + x] = r.getSample(x, y, 0) / max;
      return Tensor.of(out, 1, h, w);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      if (channels == 3 || channels == 4) {
        out[i] = ((p >>> 16) & 0xFF) / 255f;
        out[plane + i] = ((p >>> 8) & 0xFF) / 255f;
        out[2 * plane + i] = (p & 0xFF) / 255f;
        if (channels == 4) out[3 * plane + i] = (p >>> 24) / 255f;
      } else {
        out[i] = (p & 0xFF) / 255f;
        if (channels == 2) out[plane + i] = (p >>> 24) / 255f;
      }
    }
    return Tensor.of(out, channels, h, w);
  }

  private static Tensor fromTensor(Tensor t) {
    if (t.dtype() != DType.UINT8) return t;
    if (t.dim() != 2 && t.dim() != 3) {
      throw new IllegalArgumentException("ToTensor: a uint8 image tensor must have shape [H, W, C] or [H, W], got "
          + t.shape());
    }
    // toFloatArray reads the permuted view in CHW order; scaling on the host is one pass.
    float[] v = (t.dim() == 2 ? t : t.permute(2, 0, 1)).toFloatArray();
    for (int i = 0; i < v.length; i++) v[i] /= 255f;
    return t.dim() == 2 ? Tensor.of(v, 1, t.size(0), t.size(1)) : Tensor.of(v, t.size(2), t.size(0), t.size(1));
  }
}
