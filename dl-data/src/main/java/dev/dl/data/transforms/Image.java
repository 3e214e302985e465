package dev.dl.data.transforms;

import dev.dl.DType;
import dev.dl.Tensor;

/**
 * A CHW image as a float array on the host: image transforms read a tensor once, work on the
 * array and build one tensor, instead of dispatching many small tensor ops per pixel.
 */
final class Image {
  final float[] data;
  final int channels;
  final int height;
  final int width;
  final DType dtype;

  Image(float[] data, int channels, int height, int width, DType dtype) {
    this.data = data;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.dtype = dtype;
  }

  static Image of(Tensor t, String op) {
    if (t.dim() != 3) {
      throw new IllegalArgumentException(op + ": expected an image tensor of shape [C, H, W], got shape " + t.shape()
          + " (use ToTensor to convert HWC uint8 images)");
    }
    DType dtype = t.dtype().isFloatingPoint() ? t.dtype() : DType.FLOAT32;
    return new Image(t.toFloatArray(), t.size(0), t.size(1), t.size(2), dtype);
  }

  static Image blank(int channels, int height, int width, float fill, DType dtype) {
    float[] data = new float[channels * height * width];
    if (fill != 0) java.util.Arrays.fill(data, fill);
    return new Image(data, channels, height, width, dtype);
  }

  float get(int c, int y, int x) { return data[(c * height + y) * width + x]; }

  void set(int c, int y, int x, float v) { data[(c * height + y) * width + x] = v; }

  Tensor toTensor() {
    Tensor t = Tensor.of(data, channels, height, width);
    return dtype == DType.FLOAT32 ? t : t.to(dtype);
  }

  /** The window at (top, left) of size h x w; outside the image reads {@code fill}. */
  Image crop(int top, int left, int h, int w, float fill) {
    Image out = blank(channels, h, w, fill, dtype);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        int sy = top + y;
        if (sy < 0 || sy >= height) continue;
        int x0 = Math.max(0, -left);
        int x1 = Math.min(w, width - left);
        if (x1 > x0) System.arraycopy(data, (c * height + sy) * width + left + x0, out.data, (c * h + y) * w + x0, x1 - x0);
      }
    }
    return out;
  }
}
