package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * 2-D convolution, as {@code torch.nn.Conv2d}: weight [out, in/groups, kh, kw], bias [out];
 * padding as numbers or {@code "same"} / {@code "valid"}.
 *
 * <pre>{@code
 * var conv = new Conv2d(3, 16, new int[] {3, 3}, new int[] {1, 1}, "same", new int[] {1, 1}, 1, true);
 * Tensor y = conv.apply(Tensor.randn(8, 3, 32, 32));   // [8, 16, 32, 32]
 * }</pre>
 */
public final class Conv2d extends UnaryModule {
  /** Weight [out, in/groups, kh, kw]. */
  public final Parameter weight;
  /** Bias [out], or null. */
  public final Parameter bias;
  private final int in;
  private final int out;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final String paddingMode;
  private final int[] dilation;
  private final int groups;

  /** Square kernel, stride 1, no padding, with bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, Layers.pair(kernelSize), Layers.pair(1), Layers.pair(0), Layers.pair(1), 1, true);
  }

  /** Square kernel with stride and padding, with bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, Layers.pair(kernelSize), Layers.pair(stride), Layers.pair(padding), Layers.pair(1), 1, true);
  }

  /** Every option, numeric padding. */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups,
      boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, padding.clone(), null, dilation, groups, bias);
  }

  /** Every option, padding {@code "same"} (stride 1 only) or {@code "valid"}. */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation, int groups,
      boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, Layers.pair(0), checkMode(padding, stride), dilation, groups, bias);
  }

  private Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, String mode, int[] dilation, int groups,
      boolean bias) {
    Layers.positive("Conv2d", "in/out channels and groups", in, out, groups);
    Layers.positive("Conv2d", "kernel size, stride and dilation", kernel[0], kernel[1], stride[0], stride[1], dilation[0], dilation[1]);
    if (in % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException("Conv2d: in_channels (" + in + ") and out_channels (" + out
          + ") must be divisible by groups (" + groups + ")");
    }
    this.in = in;
    this.out = out;
    this.kernel = kernel.clone();
    this.stride = stride.clone();
    this.padding = padding;
    this.paddingMode = mode;
    this.dilation = dilation.clone();
    this.groups = groups;
    this.weight = registerParameter("weight", new Parameter(Tensor.empty(out, in / groups, kernel[0], kernel[1])));
    this.bias = bias ? registerParameter("bias", new Parameter(Tensor.empty(out))) : null;
    resetParameters(Generator.defaultGenerator());
  }

  static String checkMode(String padding, int[] stride) {
    if (!padding.equals("same") && !padding.equals("valid")) {
      throw new IllegalArgumentException("Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
    }
    for (int s : stride) {
      if (padding.equals("same") && s != 1) {
        throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
      }
    }
    return padding;
  }

  /** Re-draws the parameters with PyTorch's default initialisation from {@code g}. */
  public void resetParameters(Generator g) { Layers.resetLinearLike(weight, bias, g); }

  @Override
  public Tensor forward(Tensor input) {
    Layers.checkDim("Conv2d", input, 3, 4);
    Tensor b = bias == null ? null : bias.tensor();
    if (paddingMode != null) return Functional.conv2d(input, weight.tensor(), b, stride, paddingMode, dilation, groups);
    return Functional.conv2d(input, weight.tensor(), b, stride, padding, dilation, groups);
  }

  @Override
  public String extraRepr() {
    StringBuilder sb = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=").append(tuple(kernel))
        .append(", stride=").append(tuple(stride));
    if (paddingMode != null) sb.append(", padding=").append(paddingMode);
    else if (padding[0] != 0 || padding[1] != 0) sb.append(", padding=").append(tuple(padding));
    if (dilation[0] != 1 || dilation[1] != 1) sb.append(", dilation=").append(tuple(dilation));
    if (groups != 1) sb.append(", groups=").append(groups);
    if (bias == null) sb.append(", bias=False");
    return sb.toString();
  }
}
