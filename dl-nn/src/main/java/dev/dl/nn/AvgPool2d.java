package dev.dl.nn;

import dev.dl.Tensor;

/**
 * 2-D average pooling, as {@code torch.nn.AvgPool2d} (padding counted in the average).
 *
 * <pre>{@code
 * Tensor y = new AvgPool2d(2).apply(Tensor.randn(1, 3, 8, 8));   // [1, 3, 4, 4]
 * }</pre>
 */
public final class AvgPool2d extends UnaryModule {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;

  /** Square window, stride = kernel size. */
  public AvgPool2d(int kernelSize) { this(Layers.pair(kernelSize), null, Layers.pair(0)); }

  /** Every option; a null stride means the kernel size. */
  public AvgPool2d(int[] kernelSize, int[] stride, int[] padding) {
    this.kernel = kernelSize.clone();
    this.stride = stride == null ? kernelSize.clone() : stride.clone();
    this.padding = padding.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    Layers.checkDim("AvgPool2d", input, 3, 4);
    return Functional.avgPool2d(input, kernel, stride, padding);
  }

  @Override
  public String extraRepr() {
    return "kernel_size=" + MaxPool2d.one(kernel) + ", stride=" + MaxPool2d.one(stride) + ", padding=" + MaxPool2d.one(padding);
  }
}
