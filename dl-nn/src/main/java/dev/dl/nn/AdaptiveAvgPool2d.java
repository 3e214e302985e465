package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Average pooling to a fixed output size, as {@code torch.nn.AdaptiveAvgPool2d}.
 *
 * <pre>{@code
 * Tensor y = new AdaptiveAvgPool2d(1, 1).apply(features);   // [N, C, 1, 1]
 * }</pre>
 */
public final class AdaptiveAvgPool2d extends UnaryModule {
  private final int outH;
  private final int outW;

  /** Output of {@code outH x outW}. */
  public AdaptiveAvgPool2d(int outH, int outW) {
    Layers.positive("AdaptiveAvgPool2d", "output size", outH, outW);
    this.outH = outH;
    this.outW = outW;
  }

  @Override
  public Tensor forward(Tensor input) {
    Layers.checkDim("AdaptiveAvgPool2d", input, 3, 4);
    return Functional.adaptiveAvgPool2d(input, outH, outW);
  }

  @Override
  public String extraRepr() { return "output_size=" + tuple(outH, outW); }
}
