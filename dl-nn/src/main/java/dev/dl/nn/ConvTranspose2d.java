package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * Transposed 2-D convolution, as {@code torch.nn.ConvTranspose2d}: weight [in, out/groups, kh, kw],
 * bias [out]; output size {@code (in-1)*stride - 2*padding + dilation*(k-1) + outputPadding + 1}.
 *
 * <pre>{@code
 * var up = new ConvTranspose2d(16, 8, 2, 2);        // kernel 2, stride 2: doubles H and W
 * Tensor y = up.apply(Tensor.randn(1, 16, 7, 7));   // [1, 8, 14, 14]
 * }</pre>
 */
public final class ConvTranspose2d extends UnaryModule {
  /** Weight [in, out/groups, kh, kw]. */
  public final Parameter weight;
  /** Bias [out], or null. */
  public final Parameter bias;
  private final int in;
  private final int out;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final int[] outputPadding;
  private final int groups;
  private final int[] dilation;

  /** Square kernel and stride, no padding, with bias. */
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
    this(inChannels, outChannels, Layers.pair(kernelSize), Layers.pair(stride), Layers.pair(0), Layers.pair(0), 1, true,
        Layers.pair(1));
  }

  /** Every option (PyTorch's argument order). */
  public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding,
      int groups, boolean bias, int[] dilation) {
    Layers.positive("ConvTranspose2d", "in/out channels and groups", inChannels, outChannels, groups);
    Layers.positive("ConvTranspose2d", "kernel size, stride and dilation", kernelSize[0], kernelSize[1], stride[0], stride[1],
        dilation[0], dilation[1]);
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException("ConvTranspose2d: in_channels (" + inChannels + ") and out_channels (" + outChannels
          + ") must be divisible by groups (" + groups + ")");
    }
    this.in = inChannels;
    this.out = outChannels;
    this.kernel = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.outputPadding = outputPadding.clone();
    this.groups = groups;
    this.dilation = dilation.clone();
    this.weight = registerParameter("weight", new Parameter(Tensor.empty(inChannels, outChannels / groups, kernel[0], kernel[1])));
    this.bias = bias ? registerParameter("bias", new Parameter(Tensor.empty(outChannels))) : null;
    resetParameters(Generator.defaultGenerator());
  }

  /** PyTorch's default (fan-in taken from weight.size(1) * kh * kw, as PyTorch does). */
  public void resetParameters(Generator g) { Layers.resetLinearLike(weight, bias, g); }

  @Override
  public Tensor forward(Tensor input) {
    Layers.checkDim("ConvTranspose2d", input, 3, 4);
    return Functional.convTranspose2d(input, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding,
        outputPadding, groups, dilation);
  }

  @Override
  public String extraRepr() {
    StringBuilder sb = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=").append(tuple(kernel))
        .append(", stride=").append(tuple(stride));
    if (padding[0] != 0 || padding[1] != 0) sb.append(", padding=").append(tuple(padding));
    if (dilation[0] != 1 || dilation[1] != 1) sb.append(", dilation=").append(tuple(dilation));
    if (outputPadding[0] != 0 || outputPadding[1] != 0) sb.append(", output_padding=").append(tuple(outputPadding));
    if (groups != 1) sb.append(", groups=").append(groups);
    if (bias == null) sb.append(", bias=False");
    return sb.toString();
  }
}
