package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * 1-D convolution, as {@code torch.nn.Conv1d}: weight [out, in/groups, k], bias [out]; padding as
 * a number or {@code "same"} / {@code "valid"}.
 *
 * <pre>{@code
 * var conv = new Conv1d(4, 8, 3);
 * Tensor y = conv.apply(Tensor.randn(2, 4, 20));   // [2, 8, 18]
 * }</pre>
 */
public final class Conv1d extends UnaryModule {
  /** Weight [out, in/groups, k]. */
  public final Parameter weight;
  /** Bias [out], or null. */
  public final Parameter bias;
  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final String paddingMode;
  private final int dilation;
  private final int groups;

  /** Stride 1, no padding, with bias. */
  public Conv1d(int inChannels, int outChannels, int kernelSize) { this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true); }

  /** Every option, numeric padding. */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups, boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias);
  }

  /** Every option, padding {@code "same"} (stride 1 only) or {@code "valid"}. */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups, boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, 0, Conv2d.checkMode(padding, new int[] {stride}), dilation, groups, bias);
  }

  private Conv1d(int in, int out, int kernel, int stride, int padding, String mode, int dilation, int groups, boolean bias) {
    Layers.positive("Conv1d", "in/out channels, groups, kernel size, stride and dilation", in, out, groups, kernel, stride, dilation);
    if (in % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException("Conv1d: in_channels (" + in + ") and out_channels (" + out
          + ") must be divisible by groups (" + groups + ")");
    }
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.paddingMode = mode;
    this.dilation = dilation;
    this.groups = groups;
    this.weight = registerParameter("weight", new Parameter(Tensor.empty(out, in / groups, kernel)));
    this.bias = bias ? registerParameter("bias", new Parameter(Tensor.empty(out))) : null;
    resetParameters(Generator.defaultGenerator());
  }

  /** Re-draws the parameters with PyTorch's default initialisation from {@code g}. */
  public void resetParameters(Generator g) { Layers.resetLinearLike(weight, bias, g); }

  @Override
  public Tensor forward(Tensor input) {
    Layers.checkDim("Conv1d", input, 2, 3);
    Tensor b = bias == null ? null : bias.tensor();
    if (paddingMode != null) return Functional.conv1d(input, weight.tensor(), b, stride, paddingMode, dilation, groups);
    return Functional.conv1d(input, weight.tensor(), b, stride, padding, dilation, groups);
  }

  @Override
  public String extraRepr() {
    StringBuilder sb = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=").append(tuple(kernel))
        .append(", stride=").append(tuple(stride));
    if (paddingMode != null) sb.append(", padding=").append(paddingMode);
    else if (padding != 0) sb.append(", padding=").append(tuple(padding));
    if (dilation != 1) sb.append(", dilation=").append(tuple(dilation));
    if (groups != 1) sb.append(", groups=").append(groups);
    if (bias == null) sb.append(", bias=False");
    return sb.toString();
  }
}
