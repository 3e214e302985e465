package dev.dl.nn;

import dev.dl.DType;
import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Stateless versions of the layers, activations and losses, as {@code torch.nn.functional}.
 * Everything is built from differentiable tensor ops, so autograd needs no rules of its own here.
 *
 * <pre>{@code
 * Tensor h = Functional.relu(Functional.linear(x, w, b));
 * Tensor loss = Functional.crossEntropy(h, target);
 * }</pre>
 */
public final class Functional {
  private Functional() {}

  // =====================================================================================
  // Linear and convolution
  // =====================================================================================

  /** {@code x @ weight^T + bias} for x [..., in], weight [out, in], bias [out] or null. */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    if (weight.dim() != 2 || x.dim() == 0 || x.size(-1) != weight.size(1)) {
      throw new IllegalArgumentException("linear: input shape " + x.shape() + " does not match weight " + weight.shape()
          + "; the input's last dim must equal weight.size(1)");
    }
    Tensor y = x.matmul(weight.t());
    return bias == null ? y : y.add(bias);
  }

  /** {@code y_k = x1^T W_k x2 + b_k} for x1 [..., in1], x2 [..., in2], weight [out, in1, in2]. */
  public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
    if (weight.dim() != 3 || x1.size(-1) != weight.size(1) || x2.size(-1) != weight.size(2)) {
      throw new IllegalArgumentException("bilinear: inputs " + x1.shape() + " and " + x2.shape()
          + " do not match weight " + weight.shape() + " [out, in1, in2]");
    }
    int out = weight.size(0);
    int in1 = weight.size(1);
    int in2 = weight.size(2);
    int[] lead = Arrays.copyOf(x1.shape().toArray(), x1.dim() - 1);
    Tensor a = x1.reshape(-1, in1);
    Tensor b = x2.reshape(-1, in2);
    Tensor t = a.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2);
    Tensor y = t.mul(b.unsqueeze(1)).sum(2);
    if (bias != null) y = y.add(bias);
    int[] shape = Arrays.copyOf(lead, lead.length + 1);
    shape[lead.length] = out;
    return y.reshape(shape);
  }

  /** 1-D convolution of [N, C, L] (or [C, L]); weight [out, C/groups, k]. */
  public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return x.conv1d(weight, bias, stride, padding, dilation, groups);
  }

  /** 1-D convolution with {@code padding} "same" or "valid". */
  public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
    boolean batched = x.dim() == 3;
    Tensor x4 = (batched ? x : x.unsqueeze(0)).unsqueeze(2);
    Tensor y = x4.conv2d(weight.unsqueeze(2), bias, new int[] {1, stride}, padding, new int[] {1, dilation}, groups).squeeze(2);
    return batched ? y : y.squeeze(0);
  }

  /** 2-D convolution of [N, C, H, W] (or [C, H, W]); weight [out, C/groups, kh, kw]. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    return x.conv2d(weight, bias, stride, padding, dilation, groups);
  }

  /** 2-D convolution with {@code padding} "same" or "valid". */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
    return x.conv2d(weight, bias, stride, padding, dilation, groups);
  }

  /**
   * Transposed 2-D convolution (the gradient of conv2d with respect to its input) of
   * [N, Cin, H, W]; weight [Cin, Cout/groups, kh, kw]. Output size per dim:
   * {@code (in-1)*stride - 2*padding + dilation*(k-1) + outputPadding + 1}.
   *
   * <p>Computed as a stride-1 convolution of the input with zeros inserted between elements,
   * padded by {@code dilation*(k-1) - padding}, with the kernel flipped and its in/out channels
   * swapped per group.
   */
  public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int groups, int[] dilation) {
    boolean batched = x.dim() == 4;
    if (!batched && x.dim() != 3) {
      throw new IllegalArgumentException("conv_transpose2d: expected a 3-D or 4-D input, got shape " + x.shape());
    }
    Tensor in = batched ? x : x.unsqueeze(0);
    if (weight.dim() != 4 || in.size(1) != weight.size(0) || weight.size(0) % groups != 0) {
      throw new IllegalArgumentException("conv_transpose2d: input " + x.shape() + " and weight " + weight.shape()
          + " [in_channels, out_channels/groups, kh, kw] do not match for groups=" + groups);
    }
    for (int d = 0; d < 2; d++) {
      if (outputPadding[d] >= Math.max(stride[d], dilation[d])) {
        throw new IllegalArgumentException("conv_transpose2d: output padding " + Arrays.toString(outputPadding)
            + " must be smaller than either stride " + Arrays.toString(stride) + " or dilation " + Arrays.toString(dilation));
      }
    }
    int cin = weight.size(0);
    int coutPerGroup = weight.size(1);
    int kh = weight.size(2);
    int kw = weight.size(3);
    Tensor z = zeroInsert(zeroInsert(in, 2, stride[0]), 3, stride[1]);
    int padTop = dilation[0] * (kh - 1) - padding[0];
    int padLeft = dilation[1] * (kw - 1) - padding[1];
    z = padOrCrop(z, 2, padTop, padTop + outputPadding[0]);
    z = padOrCrop(z, 3, padLeft, padLeft + outputPadding[1]);
    Tensor w = weight.reshape(groups, cin / groups, coutPerGroup, kh, kw).transpose(1, 2)
        .reshape(groups * coutPerGroup, cin / groups, kh, kw).flip(2, 3);
    Tensor y = z.conv2d(w, bias, new int[] {1, 1}, new int[] {0, 0}, dilation, groups);
    return batched ? y : y.squeeze(0);
  }

  /** Inserts {@code factor - 1} zeros between neighbours along {@code dim} (differentiably). */
  private static Tensor zeroInsert(Tensor x, int dim, int factor) {
    if (factor == 1 || x.size(dim) == 0) return x;
    int[] zs = x.shape().toArray();
    int n = zs[dim];
    int[] zerosShape = insertAfter(zs, dim, factor - 1);
    Tensor zeros = Tensor.zeros(Shape.of(zerosShape), x.dtype(), x.device());
    Tensor inter = Tensor.cat(List.of(x.unsqueeze(dim + 1), zeros), dim + 1);
    int[] merged = zs.clone();
    merged[dim] = n * factor;
    return inter.reshape(merged).narrow(dim, 0, (n - 1) * factor + 1);
  }

  private static int[] insertAfter(int[] shape, int dim, int size) {
    int[] out = new int[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) out[i] = i == dim + 1 ? size : shape[j++];
    return out;
  }

  /** Pads (positive) or crops (negative) {@code dim} by {@code before} and {@code after} elements. */
  private static Tensor padOrCrop(Tensor x, int dim, int before, int after) {
    int cropBefore = Math.max(0, -before);
    int cropAfter = Math.max(0, -after);
    if (cropBefore + cropAfter > 0) x = x.narrow(dim, cropBefore, x.size(dim) - cropBefore - cropAfter);
    int padBefore = Math.max(0, before);
    int padAfter = Math.max(0, after);
    if (padBefore + padAfter == 0) return x;
    int[] pads = new int[2 * (x.dim() - dim)];
    pads[pads.length - 2] = padBefore;
    pads[pads.length - 1] = padAfter;
    return x.pad(pads, 0);
  }

  // =====================================================================================
  // Pooling
  // =====================================================================================

  /** Max pooling; {@code stride} null means the kernel size. */
  public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    return x.maxPool2d(kernel, stride, padding, dilation);
  }

  /** Average pooling (padding counted, as PyTorch's default); {@code stride} null means the kernel size. */
  public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
    return x.avgPool2d(kernel, stride, padding);
  }

  /** Adaptive average pooling to {@code outH x outW}. */
  public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) { return x.adaptiveAvgPool2d(outH, outW); }

  // =====================================================================================
  // Normalisation
  // =====================================================================================

  /**
   * Batch normalisation over every dim but 1 of [N, C, ...]. In training it normalises with the
   * batch statistics (biased variance) and, when running stats are given, updates them in place:
   * {@code running = (1 - momentum) * running + momentum * batch} (unbiased variance). Otherwise
   * it normalises with the running statistics. Weight, bias and the running stats may be null.
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    if (x.dim() < 2) throw new IllegalArgumentException("batch_norm: expected at least 2-D input [N, C, ...], got " + x.shape());
    int c = x.size(1);
    int[] dims = new int[x.dim() - 1];
    dims[0] = 0;
    for (int i = 2; i < x.dim(); i++) dims[i - 1] = i;
    int[] bshape = new int[x.dim()];
    Arrays.fill(bshape, 1);
    bshape[1] = c;
    Tensor mean;
    Tensor var;
    if (training) {
      int n = x.numel() / Math.max(c, 1);
      if (n <= 1) {
        throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size " + x.shape());
      }
      mean = x.mean(dims, true);
      var = x.var(dims, 0, true);
      if (runningMean != null && runningVar != null) {
        try (var scope = GradMode.noGrad()) {
          runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c).mul(momentum).to(runningMean.dtype()));
          runningVar.mul_(1 - momentum).add_(var.detach().reshape(c).mul(momentum * n / (n - 1.0)).to(runningVar.dtype()));
        }
      }
    } else {
      if (runningMean == null || runningVar == null) {
        throw new IllegalArgumentException("batch_norm: running_mean and running_var are needed when not training");
      }
      mean = runningMean.reshape(bshape);
      var = runningVar.reshape(bshape);
    }
    Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
    if (weight != null) y = y.mul(weight.reshape(bshape));
    if (bias != null) y = y.add(bias.reshape(bshape));
    return y;
  }

  /** Layer normalisation over the last {@code normalizedShape.length} dims; weight and bias may be null. */
  public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int k = normalizedShape.length;
    int[] shape = x.shape().toArray();
    if (k == 0 || k > shape.length
        || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
      throw new IllegalArgumentException("layer_norm: given normalized_shape=" + Arrays.toString(normalizedShape)
          + ", expected input with shape [*, " + Arrays.toString(normalizedShape).substring(1) + ", but got input of size "
          + x.shape());
    }
    int[] dims = new int[k];
    for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
    Tensor mean = x.mean(dims, true);
    Tensor var = x.var(dims, 0, true);
    Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
    if (weight != null) y = y.mul(weight);
    if (bias != null) y = y.add(bias);
    return y;
  }

  /** Group normalisation of [N, C, ...] over groups of {@code C / numGroups} channels; weight and bias [C] or null. */
  public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
    if (x.dim() < 2 || x.size(1) % numGroups != 0) {
      throw new IllegalArgumentException("group_norm: expected input [N, C, ...] with C divisible by num_groups=" + numGroups
          + ", but got input of size " + x.shape());
    }
    int n = x.size(0);
    int c = x.size(1);
    Tensor g = x.reshape(n, numGroups, -1);
    Tensor mean = g.mean(new int[] {2}, true);
    Tensor var = g.var(new int[] {2}, 0, true);
    Tensor y = g.sub(mean).mul(var.add(eps).rsqrt()).reshape(x.shape().toArray());
    int[] bshape = new int[x.dim()];
    Arrays.fill(bshape, 1);
    bshape[1] = c;
    if (weight != null) y = y.mul(weight.reshape(bshape));
    if (bias != null) y = y.add(bias.reshape(bshape));
    return y;
  }

  // =====================================================================================
  // Dropout and embedding
  // =====================================================================================

  /** Inverted dropout with probability {@code p}; identity when not training. */
  public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
    checkP(p);
    return x.dropout(p, training, generator);
  }

  /** Dropout with the default generator. */
  public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, Generator.defaultGenerator()); }

  /** Zeroes whole channels of [N, C, H, W] (or [C, H, W]) with probability {@code p}, scaling the rest by 1/(1-p). */
  public static Tensor dropout2d(Tensor x, double p, boolean training, Generator generator) {
    checkP(p);
    if (x.dim() != 3 && x.dim() != 4) {
      throw new IllegalArgumentException("dropout2d: expected a 3-D or 4-D input, got shape " + x.shape());
    }
    if (!training || p == 0) return x;
    if (p == 1) return x.mul(0);
    int[] maskShape = x.shape().toArray();
    for (int d = x.dim() - 2; d < x.dim(); d++) maskShape[d] = 1;
    Tensor mask = Tensor.dropoutMask(Shape.of(maskShape), p, x.device(), generator);
    return x.mul(mask.to(x.dtype())).div(1 - p);
  }

  private static void checkP(double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
  }

  /**
   * Rows of {@code weight} picked by int64 {@code indices}. With a {@code paddingIdx} (null for
   * none) positions holding it still read their row but send no gradient to it, as PyTorch.
   */
  public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
    Tensor out = Tensor.embedding(indices, weight);
    if (paddingIdx == null || !weight.requiresGrad()) return out;
    int pad = paddingIdx < 0 ? paddingIdx + weight.size(0) : paddingIdx;
    Tensor keep = indices.ne(pad).unsqueeze(-1);
    return Tensor.where(keep, out, Tensor.embedding(indices, weight.detach()));
  }

  /** One-hot encoding (int64) of an int64 tensor; {@code numClasses} -1 infers max+1. */
  public static Tensor oneHot(Tensor x, int numClasses) { return x.oneHot(numClasses); }

  /**
   * Pads the last dims as {@code F.pad}: {@code pads = {left, right, top, bottom, ...}} and
   * {@code mode} "constant" (with {@code value}), "reflect", "replicate" or "circular".
   */
  public static Tensor pad(Tensor x, int[] pads, String mode, double value) {
    if (pads.length % 2 != 0 || pads.length / 2 > x.dim()) {
      throw new IllegalArgumentException("pad: padding length must be even and at most 2 * input dims, got "
          + Arrays.toString(pads) + " for input " + x.shape());
    }
    if (mode.equals("constant")) return x.pad(pads, value);
    Tensor y = x;
    for (int i = 0; i < pads.length / 2; i++) {
      int dim = x.dim() - 1 - i;
      int before = pads[2 * i];
      int after = pads[2 * i + 1];
      int n = y.size(dim);
      long[] idx = new long[n + before + after];
      for (int j = 0; j < idx.length; j++) idx[j] = sourceIndex(j - before, n, mode);
      y = y.indexSelect(dim, Tensor.of(idx, idx.length).to(x.device()));
    }
    return y;
  }

  private static long sourceIndex(int i, int n, String mode) {
    return switch (mode) {
      case "replicate" -> Math.min(Math.max(i, 0), n - 1);
      case "circular" -> Math.floorMod(i, n);
      case "reflect" -> {
        if (n == 1) yield 0;
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        yield m < n ? m : period - m;
      }
      default -> throw new IllegalArgumentException("pad: unknown mode '" + mode + "'; use constant, reflect, replicate or circular");
    };
  }

  // =====================================================================================
  // Activations
  // =====================================================================================

  /** max(x, 0). */ public static Tensor relu(Tensor x) { return x.relu(); }
  /** x if x &gt; 0 else slope * x. */ public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }
  /** x if x &gt; 0 else alpha * (e^x - 1). */ public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }
  /** GELU; {@code approximate} "none" (erf) or "tanh". */
  public static Tensor gelu(Tensor x, String approximate) {
    return switch (approximate) {
      case "none" -> x.gelu();
      case "tanh" -> x.gelu(true);
      default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
    };
  }
  /** x * sigmoid(x). */ public static Tensor silu(Tensor x) { return x.silu(); }
  /** 1 / (1 + e^-x). */ public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
  /** tanh. */ public static Tensor tanh(Tensor x) { return x.tanh(); }
  /** Softmax along {@code dim}. */ public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
  /** Log-softmax along {@code dim}. */ public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

  // =====================================================================================
  // Losses
  // =====================================================================================

  static Tensor reduce(Tensor loss, Reduction reduction, String op) {
    return switch (reduction) {
      case NONE -> loss;
      case MEAN -> loss.mean();
      case SUM -> loss.sum();
      case BATCHMEAN -> throw new IllegalArgumentException(op + ": reduction 'batchmean' is only valid for kl_div");
    };
  }

  private static void sameShape(Tensor input, Tensor target, String op) {
    if (!input.shape().equals(target.shape())) {
      throw new IllegalArgumentException(op + ": target size " + target.shape() + " must be the same as input size "
          + input.shape());
    }
  }

  /** Mean squared error. */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    sameShape(input, target, "mse_loss");
    return reduce(input.sub(target).square(), reduction, "mse_loss");
  }

  /** Mean absolute error. */
  public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
    sameShape(input, target, "l1_loss");
    return reduce(input.sub(target).abs(), reduction, "l1_loss");
  }

  /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}; beta 0 is the L1 loss. */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
    sameShape(input, target, "smooth_l1_loss");
    if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta, got " + beta);
    Tensor d = input.sub(target).abs();
    if (beta == 0) return reduce(d, reduction, "smooth_l1_loss");
    return reduce(Tensor.where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta)), reduction, "smooth_l1_loss");
  }

  /** {@code 0.5 d^2} where {@code |d| <= delta}, else {@code delta (|d| - 0.5 delta)}. */
  public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
    sameShape(input, target, "huber_loss");
    if (delta <= 0) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta, got " + delta);
    Tensor d = input.sub(target).abs();
    return reduce(Tensor.where(d.le(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta)), reduction, "huber_loss");
  }

  /** Moves the class dim 1 of [N, C, d1, ...] last and flattens to [N*d1*..., C]. */
  private static Tensor classesLast(Tensor x) {
    if (x.dim() <= 2) return x;
    int[] perm = new int[x.dim()];
    perm[0] = 0;
    for (int i = 1; i < x.dim() - 1; i++) perm[i] = i + 1;
    perm[x.dim() - 1] = 1;
    return x.permute(perm).reshape(-1, x.size(1));
  }

  private static void checkClassTarget(Tensor input, Tensor target, String op) {
    if (target.dtype() != DType.INT64 && target.dtype() != DType.INT32) {
      throw new IllegalArgumentException(op + ": expected class-index targets of dtype int64, got " + target.dtype()
          + "; for class probabilities pass a floating target of the input's shape to cross_entropy");
    }
    int[] in = input.shape().toArray();
    int[] expected = new int[Math.max(in.length - 1, 0)];
    if (in.length == 1) expected = new int[0];
    else {
      expected[0] = in[0];
      System.arraycopy(in, 2, expected, 1, in.length - 2);
    }
    if (!Arrays.equals(expected, target.shape().toArray())) {
      throw new IllegalArgumentException(op + ": expected target of shape " + Arrays.toString(expected) + " for input "
          + input.shape() + ", got " + target.shape());
    }
  }

  /**
   * Negative log-likelihood of log-probabilities {@code input} [N, C] or [N, C, d1, ...] (or [C])
   * at int64 class {@code target} [N, d1, ...]; {@code weight} [C] or null; targets equal to
   * {@code ignoreIndex} add nothing. The mean divides by the summed weights of the counted targets.
   */
  public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
    checkClassTarget(input, target, "nll_loss");
    int c = input.dim() == 1 ? input.size(0) : input.size(1);
    Tensor flatIn = input.dim() == 1 ? input.unsqueeze(0) : classesLast(input);
    Tensor flatT = target.reshape(-1).to(DType.INT64);
    boolean anyIgnored = checkTargetRange(flatT, c, ignoreIndex, "nll_loss");
    if (!anyIgnored && weight == null) {
      // Every target counts with weight 1 (the common case): the same values as below without
      // the mask, the where and the weight products, a third of the ops forward and backward.
      Tensor loss = flatIn.gather(1, flatT.unsqueeze(1)).squeeze(1).neg();
      return switch (reduction) {
        case NONE -> loss.reshape(target.shape().toArray());
        case SUM -> loss.sum();
        case MEAN -> loss.sum().div((double) flatT.numel());
        case BATCHMEAN -> throw new IllegalArgumentException("nll_loss: reduction 'batchmean' is only valid for kl_div");
      };
    }
    Tensor keep = flatT.ne(ignoreIndex);
    Tensor safeT = Tensor.where(keep, flatT, Tensor.zerosLike(flatT));
    Tensor picked = flatIn.gather(1, safeT.unsqueeze(1)).squeeze(1);
    Tensor w = keep.to(input.dtype());
    if (weight != null) {
      checkWeight(weight, c, "nll_loss");
      w = w.mul(weight.to(input.dtype()).indexSelect(0, safeT));
    }
    Tensor loss = picked.mul(w).neg();
    return switch (reduction) {
      case NONE -> loss.reshape(target.shape().toArray());
      case SUM -> loss.sum();
      case MEAN -> loss.sum().div(w.sum());
      case BATCHMEAN -> throw new IllegalArgumentException("nll_loss: reduction 'batchmean' is only valid for kl_div");
    };
  }

  private static void checkWeight(Tensor weight, int c, String op) {
    if (weight.dim() != 1 || weight.size(0) != c) {
      throw new IllegalArgumentException(op + ": weight tensor should be defined either for all " + c
          + " classes or no classes but got weight tensor of shape: " + weight.shape());
    }
  }

  /** Checks every target is a class or the ignore index; returns true when some target is ignored. */
  private static boolean checkTargetRange(Tensor flatT, int c, int ignoreIndex, String op) {
    long[] t = flatT.toLongArray();
    boolean anyIgnored = false;
    for (long v : t) {
      if (v == ignoreIndex) {
        anyIgnored = true;
      } else if (v < 0 || v >= c) {
        throw new IndexOutOfBoundsException(op + ": target " + v + " is out of bounds for " + c + " classes");
      }
    }
    return anyIgnored;
  }

  /** {@code nllLoss} with no weight, ignore index -100 and mean reduction. */
  public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, -100, Reduction.MEAN); }

  /**
   * Cross entropy of logits {@code input} [N, C] / [N, C, d1, ...] / [C] against either int64
   * class indices [N, d1, ...] or class probabilities of the input's shape, with optional class
   * {@code weight}, {@code ignoreIndex} (indices only) and {@code labelSmoothing} in [0, 1].
   */
  public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction,
      double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException("cross_entropy: label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
    }
    int classDim = input.dim() == 1 ? 0 : 1;
    int c = input.size(classDim);
    Tensor logp = input.logSoftmax(classDim);
    if (weight != null) checkWeight(weight, c, "cross_entropy");
    int[] wshape = new int[input.dim()];
    Arrays.fill(wshape, 1);
    wshape[classDim] = c;
    if (target.dtype().isFloatingPoint()) {
      sameShape(input, target, "cross_entropy (class probabilities)");
      Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / c) : target;
      Tensor prod = logp.mul(t);
      if (weight != null) prod = prod.mul(weight.to(input.dtype()).reshape(wshape));
      Tensor loss = prod.sum(classDim).neg();
      return switch (reduction) {
        case NONE -> loss;
        case SUM -> loss.sum();
        case MEAN -> loss.sum().div(Math.max(1, input.numel() / Math.max(c, 1)));
        case BATCHMEAN -> throw new IllegalArgumentException("cross_entropy: reduction 'batchmean' is only valid for kl_div");
      };
    }
    Tensor nll = nllLoss(logp, target, weight, ignoreIndex, reduction);
    if (labelSmoothing == 0) return nll;
    Tensor keep = target.ne(ignoreIndex);
    Tensor weighted = weight == null ? logp : logp.mul(weight.to(input.dtype()).reshape(wshape));
    Tensor smooth = weighted.sum(classDim).neg().mul(keep.to(input.dtype()));
    Tensor reduced = switch (reduction) {
      case NONE -> smooth;
      case SUM -> smooth.sum();
      case MEAN -> {
        Tensor denom;
        if (weight == null) {
          denom = keep.to(input.dtype()).sum();
        } else {
          Tensor flatT = target.reshape(-1).to(DType.INT64);
          Tensor safeT = Tensor.where(flatT.ne(ignoreIndex), flatT, Tensor.zerosLike(flatT));
          denom = weight.to(input.dtype()).indexSelect(0, safeT).mul(keep.reshape(-1).to(input.dtype())).sum();
        }
        yield smooth.sum().div(denom);
      }
      case BATCHMEAN -> throw new IllegalArgumentException("cross_entropy: reduction 'batchmean' is only valid for kl_div");
    };
    return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / c));
  }

  /** Cross entropy with no weight, ignore index -100, mean reduction and no label smoothing. */
  public static Tensor crossEntropy(Tensor input, Tensor target) {
    return crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
  }

  /** Binary cross entropy of probabilities {@code input} in [0, 1]; logs are clamped at -100 as PyTorch. */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
    sameShape(input, target, "binary_cross_entropy");
    Tensor logX = clampedLog(input);
    Tensor log1mX = clampedLog(input.rsub(1));
    Tensor loss = target.mul(logX).add(target.rsub(1).mul(log1mX)).neg();
    if (weight != null) loss = loss.mul(weight);
    return reduce(loss, reduction, "binary_cross_entropy");
  }

  /**
   * log(p) clamped at -100 as PyTorch's BCE does, with a finite gradient at p = 0: the logarithm
   * only sees positive values, so no 0 * inf reaches the backward pass.
   */
  private static Tensor clampedLog(Tensor p) {
    Tensor positive = p.gt(0);
    Tensor safe = Tensor.where(positive, p, Tensor.onesLike(p));
    return Tensor.where(positive, safe.log(), Tensor.fullLike(p, -100)).clampMin(-100);
  }

  /**
   * Binary cross entropy on logits, computed stably as
   * {@code (1 - t) x + (1 + (posWeight - 1) t) softplus(-x)}; {@code weight} and
   * {@code posWeight} (broadcast over the class dim) may be null.
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
      Reduction reduction) {
    sameShape(input, target, "binary_cross_entropy_with_logits");
    Tensor softplusNeg = input.neg().softplus();
    Tensor logWeight = posWeight == null ? null : posWeight.sub(1).mul(target).add(1);
    Tensor loss = target.rsub(1).mul(input).add(logWeight == null ? softplusNeg : logWeight.mul(softplusNeg));
    if (weight != null) loss = loss.mul(weight);
    return reduce(loss, reduction, "binary_cross_entropy_with_logits");
  }

  /**
   * Kullback-Leibler divergence with {@code input} as log-probabilities: pointwise
   * {@code target (log target - input)} (0 where target is 0), or with {@code logTarget}
   * {@code exp(target) (target - input)}. {@link Reduction#BATCHMEAN} divides the sum by the batch size.
   */
  public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
    Tensor loss;
    if (logTarget) {
      loss = target.exp().mul(target.sub(input));
    } else {
      Tensor positive = target.gt(0);
      Tensor safe = Tensor.where(positive, target, Tensor.onesLike(target));
      Tensor xlogx = Tensor.where(positive, target.mul(safe.log()), Tensor.zerosLike(target));
      loss = xlogx.sub(target.mul(input));
    }
    if (reduction == Reduction.BATCHMEAN) return loss.sum().div(input.dim() == 0 ? 1 : input.size(0));
    return reduce(loss, reduction, "kl_div");
  }
}
