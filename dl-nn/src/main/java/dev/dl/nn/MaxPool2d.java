package dev.dl.nn;

import dev.dl.Tensor;

/**
 * 2-D max pooling, as {@code torch.nn.MaxPool2d} (stride defaults to the kernel size).
 *
 * <pre>{@code
 * Tensor y = new MaxPool2d(2).apply(Tensor.randn(1, 3, 8, 8));   // [1, 3, 4, 4]
 * }</pre>
 */
public final class MaxPool2d extends UnaryModule {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;

  /** Square window, stride = kernel size. */
  public MaxPool2d(int kernelSize) { this(Layers.pair(kernelSize), null, Layers.pair(0), Layers.pair(1)); }

  /** Every option; a null stride means the kernel size. */
  public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
    this.kernel = kernelSize.clone();
    this.stride = stride == null ? kernelSize.clone() : stride.clone();
    this.padding = padding.clone();
    this.dilation = dilation.clone();
    for (int d = 0; d < 2; d++) {
      if (padding[d] * 2 > kernel[d]) {
        throw new IllegalArgumentException("MaxPool2d: pad should be at most half of effective kernel size, but got pad="
            + padding[d] + " and kernel_size=" + kernel[d]);
      }
    }
  }

  @Override
  public Tensor forward(Tensor input) {
    Layers.checkDim("MaxPool2d", input, 3, 4);
    return Functional.maxPool2d(input, kernel, stride, padding, dilation);
  }

  @Override
  public String extraRepr() {
    return "kernel_size=" + one(kernel) + ", stride=" + one(stride) + ", padding=" + one(padding) + ", dilation=" + one(dilation)
        + ", ceil_mode=False";
  }

  static String one(int[] v) { return v[0] == v[1] ? Integer.toString(v[0]) : tuple(v); }
}
