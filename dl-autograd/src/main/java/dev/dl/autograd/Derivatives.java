package dev.dl.autograd;

import static dev.dl.spi.Op.*;

import dev.dl.Device;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The derivative table: one rule per differentiable op, like PyTorch's {@code derivatives.yaml}.
 * Rules are written with tensor ops only, so backward runs on the forward's backend and, while
 * recording ({@code createGraph}), is itself differentiable. Each rule declares what it saves:
 * {@code saves(i)} lists the tensors needed for input i's gradient, and only those of inputs that
 * need a gradient are kept. Gradients of broadcast inputs are summed back by {@link OpNode}'s
 * caller ({@link Engine}), so binary rules return broadcast-shaped gradients.
 */
final class Derivatives {
  /** Save bits: input 0, input 1, and the output ({@link #input} gives any input's bit). */
  static final int X = 1, Y = 2, OUT = 1 << 30;

  /** How to compute the gradients of one op's inputs from its output gradient. */
  interface Backward {
    Tensor[] apply(OpNode c, Tensor grad);
  }

  /** A rule: per input the save bits it needs, and the backward formula. */
  record Rule(int[] savesPerInput, Backward backward) {
    int saves(int input) { return input < savesPerInput.length ? savesPerInput[input] : 0; }
  }

  private static final Map<Op, Rule> RULES = new EnumMap<>(Op.class);

  static {
    // Ops in Op.NON_DIFFERENTIABLE (comparisons, logic, argmax/argmin, floor
    // division, fill, random) have no rule: the dispatcher does not record them, so their outputs
    // never require grad. DerivativesTest checks that every other op has exactly one rule.

    // ---- unary: d/dx from the input or from the result ----
    linear(NEG, Tensor::neg);
    usingInput(ABS, (g, x) -> g.mul(x.sign()));
    usingResult(EXP, (g, y) -> g.mul(y));
    usingInput(LOG, (g, x) -> g.div(x));
    usingInput(LOG1P, (g, x) -> g.div(x.add(1)));
    usingResult(EXPM1, (g, y) -> g.mul(y.add(1)));
    usingResult(SQRT, (g, y) -> g.div(y.mul(2)));
    usingResult(RSQRT, (g, y) -> g.mul(y.pow(3)).mul(-0.5));
    usingInput(SIN, (g, x) -> g.mul(x.cos()));
    usingInput(COS, (g, x) -> g.mul(x.sin()).neg());
    usingResult(TAN, (g, y) -> g.mul(y.square().add(1)));
    usingResult(TANH, (g, y) -> g.mul(y.square().rsub(1)));
    usingResult(SIGMOID, (g, y) -> g.mul(y.mul(y.rsub(1))));
    usingResult(RELU, (g, y) -> g.where(y.gt(0), 0));
    usingInput(GELU, Derivatives::geluBackward);
    usingInput(SILU, Derivatives::siluBackward);
    usingInput(SOFTPLUS, (g, x) -> g.mul(x.sigmoid()));
    usingInput(ERF, (g, x) -> g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI))));
    usingResult(RECIPROCAL, (g, y) -> g.mul(y.square()).neg());

    // ---- piecewise constant: recorded, gradient zero almost everywhere (as PyTorch) ----
    for (Op op : Op.ZERO_GRADIENT) linear(op, (c, g) -> Tensor.zerosLike(g));

    // ---- binary: broadcast-shaped gradients, summed back to each input's shape by the engine ----
    linear(ADD, g -> g, g -> g);
    linear(SUB, g -> g, Tensor::neg);
    bilinear(MUL, (g, b) -> g.mul(b), (a, g) -> a.mul(g));
    rule(DIV, saves(Y, X | Y), (c, g) -> grads(
        c.needs(0) ? g.div(c.in(1)) : null,
        c.needs(1) ? g.neg().mul(c.in(0)).div(c.in(1).square()) : null));
    rule(POW, saves(X | Y, X | Y | OUT), (c, g) -> grads(
        c.needs(0) ? powBaseBackward(g, c.in(0), c.in(1)) : null,
        c.needs(1) ? powExponentBackward(g, c.in(0), c.in(1), c.out()) : null));
    rule(MAXIMUM, saves(X | Y, X | Y), (c, g) -> selectBackward(c, g, c.in(0).gt(c.in(1))));
    rule(MINIMUM, saves(X | Y, X | Y), (c, g) -> selectBackward(c, g, c.in(0).lt(c.in(1))));
    rule(FMOD, saves(0, X | Y), (c, g) -> grads(g, c.needs(1) ? g.mul(c.in(0).div(c.in(1)).trunc()).neg() : null));
    rule(REMAINDER, saves(0, X | Y), (c, g) -> grads(g, c.needs(1) ? g.mul(c.in(0).div(c.in(1)).floor()).neg() : null));

    // ---- where(cond, a, b): the condition routes the gradient ----
    rule(WHERE, saves(0, X, X), (c, g) -> grads(null,
        c.needs(1) ? g.where(c.in(0), 0) : null,
        c.needs(2) ? g.where(c.in(0).logicalNot(), 0) : null));

    // ---- reductions (the output keeps the reduced dims as size 1) ----
    linear(SUM, (c, g) -> g.expand(c.inShape(0)));
    rule(PROD, saves(X), (c, g) -> grads(prodBackward(g, c.in(0), c.args())));
    rule(MAX, saves(X | OUT), (c, g) -> grads(evenlyToExtremes(g, c.in(0), c.out(), c.args())));
    rule(MIN, saves(X | OUT), (c, g) -> grads(evenlyToExtremes(g, c.in(0), c.out(), c.args())));

    // ---- scans ----
    linear(CUMSUM, (c, g) -> reverseCumsum(g, c.arg(0)));
    rule(CUMPROD, saves(X | OUT), (c, g) -> grads(cumprodBackward(g, c.in(0), c.out(), c.arg(0))));

    // ---- linear algebra and convolution ----
    rule(MATMUL, saves(Y, X), Derivatives::matmulBackward);
    linear(IM2COL, (c, g) -> g.col2im(c.geometry()));
    linear(COL2IM, (c, g) -> g.im2col(c.geometry()));
    // Fused kernels when nothing records; while recording (createGraph) differentiable composites.
    rule(CONV2D, saves(Y, X, 0), Derivatives::conv2dBackward);
    rule(MAX_POOL2D, saves(Y), (c, g) -> grads(maxPool2dBackward(g, c.in(1), c.inShape(0)), null));

    // ---- indexing: inputs are (x, index) and (self, index, src) ----
    rule(GATHER, saves(Y), (c, g) -> grads(addAtIndices(zeros(c, 0), c.arg(0), c.in(1), g), null));
    rule(SCATTER, saves(Y, 0, Y), (c, g) -> grads(
        c.needs(0) ? g.scatter(c.arg(0), c.in(1), 0) : null, null,
        c.needs(2) ? g.gather(c.arg(0), c.in(1)) : null));
    rule(SCATTER_ADD, saves(0, 0, Y), (c, g) -> grads(g, null,
        c.needs(2) ? g.gather(c.arg(0), c.in(1)) : null));

    // ---- copies: back to the input's dtype and device ----
    linear(COPY, (c, g) -> copyBackward(g, c));

    // ---- fused softmax ----
    rule(SOFTMAX, saves(OUT), (c, g) -> grads(softmaxBackward(g, c.out(), c.arg(0))));
    rule(LOG_SOFTMAX, saves(OUT), (c, g) -> grads(logSoftmaxBackward(g, c.out(), c.arg(0))));

    // ---- joins and movement ----
    rule(CAT, saves(), Derivatives::catBackward);
    linear(VIEW, (c, g) -> g.reshape(c.inShape(0)));
    linear(PERMUTE, (c, g) -> g.permute(inversePermutation(c.args())));
    linear(EXPAND, (c, g) -> sumToShape(g, c.inShape(0)));
    linear(SLICE, Derivatives::sliceBackward);
  }

  private Derivatives() {}

  /** The rule for {@code op}, or null for ops in {@link Op#NON_DIFFERENTIABLE}. */
  static Rule rule(Op op) {
    return RULES.get(op);
  }

  /** Save bit of input {@code i}. */
  static int input(int i) { return 1 << i; }

  /**
   * PyTorch's node name for a recorded op, e.g. {@code MulBackward0}, {@code SumBackward1}.
   * dl-api runs reductions and mm with size-1 dims kept and then squeezes them with a view; that
   * view shows the name of the op it squeezes, as PyTorch's single node would.
   */
  static String nodeName(Op op, Tensor[] inputs, Tensor output, int[] args) {
    if (op == VIEW && inputs[0].gradFn() instanceof OpNode producer && squeezes(producer, inputs[0], output)) {
      return producer.name();
    }
    return switch (op) {
      case LOG1P -> "Log1PBackward0";
      case SUM -> args.length == inputs[0].dim() ? "SumBackward0" : "SumBackward1";
      case PROD -> args.length == inputs[0].dim() ? "ProdBackward0" : "ProdBackward1";
      case MAX -> args.length == inputs[0].dim() ? "MaxBackward1" : "AmaxBackward0";
      case MIN -> args.length == inputs[0].dim() ? "MinBackward1" : "AminBackward0";
      case POW -> inputs[1].dim() == 0 && !inputs[1].requiresGrad() ? "PowBackward0"
          : inputs[0].dim() == 0 && !inputs[0].requiresGrad() ? "PowBackward2" : "PowBackward1";
      case MATMUL -> inputs[0].size(0) == 1 ? "MmBackward0" : "BmmBackward0";
      case IM2COL -> "Im2ColBackward0";
      case COL2IM -> "Col2ImBackward0";
      case CONV2D -> "ConvolutionBackward0";
      case MAX_POOL2D -> "MaxPool2DWithIndicesBackward0";
      case COPY -> inputs[0].dtype() == output.dtype() && inputs[0].device().equals(output.device())
          ? "CloneBackward0" : "ToCopyBackward0";
      default -> PLAIN_NAMES[op.ordinal()];
    };
  }

  /** {@code displayName + "Backward0"} per op, built once: nodes are recorded on every op. */
  private static final String[] PLAIN_NAMES = plainNames();

  private static String[] plainNames() {
    Op[] ops = Op.values();
    String[] names = new String[ops.length];
    for (Op op : ops) names[op.ordinal()] = op.displayName() + "Backward0";
    return names;
  }

  /** True when {@code view} only drops size-1 dims of a fresh reduction or matrix-product result. */
  private static boolean squeezes(OpNode producer, Tensor input, Tensor view) {
    if (!(Op.REDUCE.contains(producer.op) || producer.op == MATMUL)) return false;
    int[] in = input.shape().toArray(), out = view.shape().toArray();
    if (!Arrays.equals(in, producer.outShape()) || out.length >= in.length) return false;
    int j = 0;
    for (int d : in) {
      if (j < out.length && out[j] == d) j++;
      else if (d != 1) return false;
    }
    return j == out.length;
  }

  // =====================================================================================
  // Rule kinds
  // =====================================================================================

  private static void rule(Op op, int[] saves, Backward backward) {
    if (Op.NON_DIFFERENTIABLE.contains(op)) throw new AssertionError(op + " is not differentiable");
    if (RULES.put(op, new Rule(saves, backward)) != null) throw new AssertionError("two rules for " + op);
  }

  /** Per-input save bits. */
  private static int[] saves(int... perInput) { return perInput; }

  private static Tensor[] grads(Tensor... g) { return g; }

  /** A linear op of one input whose gradient needs only shapes and attributes. */
  private static void linear(Op op, BiFunction<OpNode, Tensor, Tensor> oneInput) {
    rule(op, saves(), (c, g) -> grads(oneInput.apply(c, g)));
  }

  /** A linear op: each input's gradient is a fixed linear map of the output gradient. */
  @SafeVarargs
  private static void linear(Op op, UnaryOperator<Tensor>... perInput) {
    rule(op, saves(), (c, g) -> {
      Tensor[] out = new Tensor[perInput.length];
      for (int i = 0; i < out.length; i++) if (c.needs(i)) out[i] = perInput[i].apply(g);
      return out;
    });
  }

  /** Elementwise unary op whose derivative is a function of its input. */
  private static void usingInput(Op op, BinaryOperator<Tensor> gradAndInput) {
    rule(op, saves(X), (c, g) -> grads(gradAndInput.apply(g, c.in(0))));
  }

  /** Elementwise unary op whose derivative is cheapest from its result (exp, tanh, sigmoid...). */
  private static void usingResult(Op op, BinaryOperator<Tensor> gradAndResult) {
    rule(op, saves(OUT), (c, g) -> grads(gradAndResult.apply(g, c.out())));
  }

  /** A bilinear op f(a, b): a's gradient needs b, b's gradient needs a. */
  private static void bilinear(Op op, BinaryOperator<Tensor> gradA, BinaryOperator<Tensor> gradB) {
    rule(op, saves(Y, X), (c, g) -> grads(
        c.needs(0) ? gradA.apply(g, c.in(1)) : null,
        c.needs(1) ? gradB.apply(c.in(0), g) : null));
  }

  // =====================================================================================
  // Longer formulas
  // =====================================================================================

  /** y * (g - sum(g * y)) along dim. */
  private static Tensor softmaxBackward(Tensor g, Tensor y, int dim) {
    return y.mul(g.sub(g.mul(y).sum(new int[] {dim}, true)));
  }

  /** g - softmax * sum(g) along dim, with softmax = exp(log-softmax). */
  private static Tensor logSoftmaxBackward(Tensor g, Tensor y, int dim) {
    return g.sub(y.exp().mul(g.sum(new int[] {dim}, true)));
  }

  /**
   * a [B,M,K] @ b [B,K,N]: {@code g b^T} and {@code a^T g}. For a transposed (column-major) input
   * the product is formed transposed ({@code (b g^T)^T}, {@code (g^T a)^T}), as PyTorch's
   * mm_mat1_backward/mm_mat2_backward do, so the gradient has the input's layout.
   */
  private static Tensor[] matmulBackward(OpNode c, Tensor g) {
    Tensor ga = null, gb = null;
    if (c.needs(0)) {
      Tensor b = c.in(1);
      ga = c.columnMajor(0) ? b.bmm(g.transpose(1, 2)).transpose(1, 2) : g.bmm(b.transpose(1, 2));
    }
    if (c.needs(1)) {
      Tensor a = c.in(0);
      gb = c.columnMajor(1) ? g.transpose(1, 2).bmm(a).transpose(1, 2) : a.transpose(1, 2).bmm(g);
    }
    return grads(ga, gb);
  }

  /** conv2d(x, weight[, bias]): inputs {x, weight} or {x, weight, bias}, args {groups}. */
  private static Tensor[] conv2dBackward(OpNode c, Tensor g) {
    int groups = c.arg(0);
    Tensor[] out = new Tensor[c.inputCount()];
    if (c.needs(0)) out[0] = Tensor.conv2dInputGrad(g, c.in(1), c.geometry(), groups);
    if (c.needs(1)) out[1] = Tensor.conv2dWeightGrad(g, c.in(0), c.geometry(), groups);
    if (out.length > 2 && c.needs(2)) out[2] = g.sum(new int[] {0, 2, 3}, false);
    return out;
  }

  /** Max pooling: each output gradient goes to the input position its index names (summed on overlaps). */
  private static Tensor maxPool2dBackward(Tensor g, Tensor indices, int[] xShape) {
    int n = xShape[0], ch = xShape[1];
    Tensor zeros = Tensor.zeros(Shape.of(n, ch, xShape[2] * xShape[3]), g.dtype(), g.device());
    return addAtIndices(zeros, 2, indices.reshape(n, ch, -1), g.reshape(n, ch, -1)).view(xShape);
  }

  /**
   * {@code zeros.scatterAdd(dim, index, src)} for a zero tensor made by the rule: in place when the
   * backward is not recorded (nobody else holds those zeros, so the out-of-place op's copy of them
   * is waste), out of place when it is, so that double backward sees a differentiable op.
   */
  private static Tensor addAtIndices(Tensor zeros, int dim, Tensor index, Tensor src) {
    return GradMode.isEnabled() ? zeros.scatterAdd(dim, index, src) : zeros.scatterAdd_(dim, index, src);
  }

  /** d/dx [x * Phi(x)] = Phi(x) + x * phi(x). */
  private static Tensor geluBackward(Tensor g, Tensor x) {
    Tensor cdf = x.mul(1 / Math.sqrt(2)).erf().add(1).mul(0.5);
    Tensor pdf = x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
    return g.mul(cdf.add(x.mul(pdf)));
  }

  /** d/dx [x * s(x)] = s(x) * (1 + x * (1 - s(x))). */
  private static Tensor siluBackward(Tensor g, Tensor x) {
    Tensor s = x.sigmoid();
    return g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
  }

  /** b * a^(b-1), zero where b == 0 so that 0^0 has gradient 0 as in PyTorch. */
  private static Tensor powBaseBackward(Tensor g, Tensor a, Tensor b) {
    return g.mul(b.mul(a.pow(b.sub(1))).where(b.ne(0), 0));
  }

  /** a^b * log(a), zero where a == 0 and b >= 0 (the limit), as in PyTorch. */
  private static Tensor powExponentBackward(Tensor g, Tensor a, Tensor b, Tensor result) {
    Tensor zeroBase = a.eq(0).logicalAnd(b.ge(0));
    return g.mul(result.mul(a.log()).where(zeroBase.logicalNot(), 0));
  }

  /** maximum/minimum: the gradient goes to the selected input, split in half on ties. */
  private static Tensor[] selectBackward(OpNode c, Tensor g, Tensor firstWins) {
    Tensor a = c.in(0), b = c.in(1);
    Tensor tie = a.eq(b);
    Tensor half = g.mul(0.5);
    Tensor ga = c.needs(0) ? Tensor.where(firstWins, g, half.where(tie, 0)) : null;
    Tensor gb = c.needs(1) ? Tensor.where(firstWins.logicalOr(tie).logicalNot(), g, half.where(tie, 0)) : null;
    return grads(ga, gb);
  }

  /** max/min over dims: the gradient is shared evenly among the elements equal to the extreme. */
  private static Tensor evenlyToExtremes(Tensor g, Tensor x, Tensor result, int[] dims) {
    Tensor hit = x.eq(result);
    Tensor count = hit.sum(dims, true);
    return g.div(count).where(hit, 0).expand(x.shape().toArray());
  }

  /**
   * prod over dims: each element's gradient is the product of all others, computed as exclusive
   * products from both sides so that zeros need no division.
   */
  private static Tensor prodBackward(Tensor g, Tensor x, int[] dims) {
    int rank = x.dim();
    int[] shape = x.shape().toArray();
    if (x.numel() == 0) return Tensor.zerosLike(x);
    boolean[] reduced = new boolean[rank];
    for (int d : dims) reduced[d] = true;
    int[] perm = new int[rank];
    int k = 0;
    for (int d = 0; d < rank; d++) if (!reduced[d]) perm[k++] = d;
    int kept = k;
    for (int d = 0; d < rank; d++) if (reduced[d]) perm[k++] = d;
    int[] flatShape = new int[kept + 1];
    int[] permutedShape = new int[rank];
    for (int i = 0; i < rank; i++) permutedShape[i] = shape[perm[i]];
    for (int i = 0; i < kept; i++) flatShape[i] = permutedShape[i];
    flatShape[kept] = -1;
    Tensor flat = x.permute(perm).reshape(flatShape);
    int last = kept;
    Tensor others = exclusiveProducts(flat, last);
    Tensor back = others.reshape(permutedShape).permute(inversePermutation(perm));
    return g.expand(shape).mul(back);
  }

  /** For each position along {@code dim}: the product of all other elements along it. */
  private static Tensor exclusiveProducts(Tensor x, int dim) {
    int n = x.size(dim);
    if (n == 1) return Tensor.onesLike(x);
    int[] oneShape = x.shape().toArray();
    oneShape[dim] = 1;
    Tensor one = Tensor.ones(Shape.of(oneShape), x.dtype(), x.device());
    Tensor left = Tensor.cat(List.of(one, x.narrow(dim, 0, n - 1)), dim).cumprod(dim);
    Tensor right = Tensor.cat(List.of(x.narrow(dim, 1, n - 1), one), dim).flip(dim).cumprod(dim).flip(dim);
    return left.mul(right);
  }

  /** Sum from each position to the end along {@code dim}. */
  private static Tensor reverseCumsum(Tensor g, int dim) {
    return g.flip(dim).cumsum(dim).flip(dim);
  }

  /**
   * cumprod: before the first zero along dim the gradient is revcumsum(g * y) / x; at the first
   * zero it is revcumsum(g * y') with y' the running product that skips that zero; after it, 0.
   */
  private static Tensor cumprodBackward(Tensor g, Tensor x, Tensor y, int dim) {
    if (x.numel() == 0) return Tensor.zerosLike(x);
    Tensor isZero = x.eq(0);
    Tensor zerosSoFar = isZero.to(x.dtype()).cumsum(dim);
    Tensor beforeZero = zerosSoFar.eq(0);
    Tensor firstZero = isZero.logicalAnd(zerosSoFar.eq(1));
    Tensor safeX = x.where(beforeZero, 1);
    Tensor before = reverseCumsum(g.mul(y), dim).div(safeX);
    Tensor skipping = x.where(firstZero.logicalNot(), 1).cumprod(dim);
    Tensor atZero = reverseCumsum(g.mul(skipping), dim);
    return before.where(beforeZero, 0).add(atZero.where(firstZero, 0));
  }

  /** Zeros with input i's shape, dtype and device. */
  private static Tensor zeros(OpNode c, int i) {
    return Tensor.zeros(Shape.of(c.inShape(i)), c.inputDtypes[i], c.inputDevices[i]);
  }

  private static Tensor copyBackward(Tensor g, OpNode c) {
    Device device = c.inputDevices[0];
    Tensor r = g.device().equals(device) ? g : g.to(device);
    return r.to(c.inputDtypes[0]);
  }

  private static Tensor[] catBackward(OpNode c, Tensor g) {
    int dim = c.arg(0);
    if (dim < 0) dim += g.dim();
    Tensor[] out = new Tensor[c.inputCount()];
    int start = 0;
    for (int i = 0; i < out.length; i++) {
      int len = c.inShape(i).length == 0 ? 0 : c.inShape(i)[dim];
      if (c.needs(i)) out[i] = g.narrow(dim, start, len);
      start += len;
    }
    return out;
  }

  /**
   * The gradient of {@code x.slice(dim, start, step)}: the output gradient placed back at the
   * sliced positions of a zero tensor of x's shape (a cat of zero blocks for step 1, a scatter
   * otherwise); both are differentiable, so double backward works.
   */
  private static Tensor sliceBackward(OpNode c, Tensor g) {
    int dim = c.arg(0), start = c.arg(1), length = c.arg(2), step = c.arg(3);
    int[] inShape = c.inShape(0);
    int size = inShape[dim];
    if (step == 1) {
      List<Tensor> parts = new ArrayList<>(3);
      if (start > 0) parts.add(zerosAlong(g, dim, start));
      parts.add(g);
      int after = size - start - length;
      if (after > 0) parts.add(zerosAlong(g, dim, after));
      return parts.size() == 1 ? g : Tensor.cat(parts, dim);
    }
    int[] indexShape = new int[inShape.length];
    Arrays.fill(indexShape, 1);
    indexShape[dim] = length;
    Tensor positions = Tensor.arange(0, length, 1).mul(step).add(start).to(g.device()).reshape(indexShape);
    Tensor index = positions.expand(g.shape().toArray()).contiguous();
    Tensor zeros = Tensor.zeros(Shape.of(inShape), g.dtype(), g.device());
    return zeros.scatter(dim, index, g);
  }

  private static Tensor zerosAlong(Tensor like, int dim, int size) {
    int[] shape = like.shape().toArray();
    shape[dim] = size;
    return Tensor.zeros(Shape.of(shape), like.dtype(), like.device());
  }

  static int[] inversePermutation(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
    return inv;
  }

  /** Sums a broadcast gradient back to {@code shape}: over leading dims and dims that were size 1. */
  static Tensor sumToShape(Tensor g, int[] shape) {
    int[] have = g.shape().toArray();
    if (Arrays.equals(have, shape)) return g;
    int lead = have.length - shape.length;
    int[] dims = new int[have.length];
    int n = 0;
    for (int d = 0; d < have.length; d++) {
      if (d < lead || (shape[d - lead] == 1 && have[d] != 1)) dims[n++] = d;
    }
    Tensor r = n == 0 ? g : g.sum(Arrays.copyOf(dims, n), true);
    return r.reshape(shape);
  }

  /** True when a gradient of shape {@code have} can be summed back to {@code want}. */
  static boolean broadcastsTo(int[] want, int[] have) {
    if (want.length > have.length) return false;
    int lead = have.length - want.length;
    for (int d = 0; d < want.length; d++) {
      if (want[d] != have[d + lead] && want[d] != 1) return false;
    }
    return true;
  }
}
