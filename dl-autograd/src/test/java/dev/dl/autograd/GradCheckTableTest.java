package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Index;
import dev.dl.Tensor;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op, one line each: the analytical gradient (and, where PyTorch supports
 * it, the second derivative) is compared with central differences in float64. Inputs cover
 * broadcasting, non-contiguous leaves (transposed, strided) and reductions over several dims.
 */
class GradCheckTableTest {
  private static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

  /** One row: a name, whether to run gradgradcheck, the function, and a recipe for its inputs. */
  record Case(String name, boolean gradgrad, Function<List<Tensor>, Tensor> f, Function<Leaves, List<Tensor>> inputs) {
    @Override
    public String toString() { return name; }
  }

  private static final List<Case> CASES = new ArrayList<>();

  private static void row(String name, Function<List<Tensor>, Tensor> f, Function<Leaves, List<Tensor>> inputs) {
    CASES.add(new Case(name, true, f, inputs));
  }

  /** A first-order-only row: cumprod's second derivative is not exact where its input has zeros. */
  private static void once(String name, Function<List<Tensor>, Tensor> f, Function<Leaves, List<Tensor>> inputs) {
    CASES.add(new Case(name, false, f, inputs));
  }

  private static Tensor a(List<Tensor> in) { return in.get(0); }

  private static Tensor b(List<Tensor> in) { return in.get(1); }

  private static Tensor c(List<Tensor> in) { return in.get(2); }

  static {
    // ---- unary (primitives) ----
    row("neg", in -> a(in).neg(), r -> List.of(r.randn(2, 3)));
    row("abs", in -> a(in).abs(), r -> List.of(r.awayFromZero(2, 3)));
    row("exp", in -> a(in).exp(), r -> List.of(r.randn(2, 3)));
    row("log", in -> a(in).log(), r -> List.of(r.positive(2, 3)));
    row("log1p", in -> a(in).log1p(), r -> List.of(r.positive(2, 3)));
    row("expm1", in -> a(in).expm1(), r -> List.of(r.randn(2, 3)));
    row("sqrt", in -> a(in).sqrt(), r -> List.of(r.positive(2, 3)));
    row("rsqrt", in -> a(in).rsqrt(), r -> List.of(r.positive(2, 3)));
    row("sin", in -> a(in).sin(), r -> List.of(r.randn(2, 3)));
    row("cos", in -> a(in).cos(), r -> List.of(r.randn(2, 3)));
    row("tan", in -> a(in).tan(), r -> List.of(r.uniform(2, 3)));
    row("tanh", in -> a(in).tanh(), r -> List.of(r.randn(2, 3)));
    row("sigmoid", in -> a(in).sigmoid(), r -> List.of(r.randn(2, 3)));
    row("relu", in -> a(in).relu(), r -> List.of(r.awayFromZero(2, 3)));
    row("gelu", in -> a(in).gelu(), r -> List.of(r.randn(2, 3)));
    row("silu", in -> a(in).silu(), r -> List.of(r.randn(2, 3)));
    row("softplus", in -> a(in).softplus(), r -> List.of(r.randn(2, 3)));
    row("erf", in -> a(in).erf(), r -> List.of(r.randn(2, 3)));
    row("reciprocal", in -> a(in).reciprocal(), r -> List.of(r.positive(2, 3)));
    row("floor (zero gradient)", in -> a(in).floor(), r -> List.of(r.randn(2, 3)));
    row("ceil (zero gradient)", in -> a(in).ceil(), r -> List.of(r.randn(2, 3)));
    row("round (zero gradient)", in -> a(in).round(), r -> List.of(r.randn(2, 3)));
    row("trunc (zero gradient)", in -> a(in).trunc(), r -> List.of(r.randn(2, 3)));
    row("sign (zero gradient)", in -> a(in).sign(), r -> List.of(r.awayFromZero(2, 3)));
    row("exp of transposed", in -> a(in).exp(), r -> List.of(r.transposed(3, 2)));
    row("tanh of strided", in -> a(in).tanh(), r -> List.of(r.strided(2, 3)));

    // ---- binary with broadcasting ----
    row("add [2,3]+[3]", in -> a(in).add(b(in)), r -> List.of(r.randn(2, 3), r.randn(3)));
    row("add scalar", in -> a(in).add(2.5), r -> List.of(r.randn(2, 3)));
    row("sub [2,1,3]-[4,1]", in -> a(in).sub(b(in)), r -> List.of(r.randn(2, 1, 3), r.randn(4, 1)));
    row("rsub", in -> a(in).rsub(1.5), r -> List.of(r.randn(3)));
    row("mul [2,3]*[2,1]", in -> a(in).mul(b(in)), r -> List.of(r.randn(2, 3), r.randn(2, 1)));
    row("mul transposed*strided", in -> a(in).mul(b(in)), r -> List.of(r.transposed(2, 3), r.strided(2, 3)));
    row("mul by 0-dim", in -> a(in).mul(b(in)), r -> List.of(r.randn(2, 3), r.randn()));
    row("div [3,2]/[2]", in -> a(in).div(b(in)), r -> List.of(r.randn(3, 2), r.positive(2)));
    row("rdiv", in -> a(in).rdiv(2.0), r -> List.of(r.positive(4)));
    row("pow tensor^tensor", in -> a(in).pow(b(in)), r -> List.of(r.positive(2, 3), r.randn(3)));
    row("pow tensor^3", in -> a(in).pow(3), r -> List.of(r.randn(2, 3)));
    row("pow tensor^2.5", in -> a(in).pow(2.5), r -> List.of(r.positive(2, 3)));
    row("pow 2^tensor", in -> Tensor.scalar(2.0, DType.FLOAT64).pow(a(in)), r -> List.of(r.randn(3)));
    row("maximum", in -> a(in).maximum(b(in)), r -> List.of(r.distinct(2, 3), r.distinct(3)));
    row("minimum", in -> a(in).minimum(b(in)), r -> List.of(r.distinct(2, 3), r.distinct(2, 1)));
    row("fmod", in -> a(in).fmod(b(in)), r -> List.of(r.randn(2, 3), r.positive(3)));
    row("remainder", in -> a(in).remainder(b(in)), r -> List.of(r.randn(2, 3), r.positive(2, 1)));
    row("clamp", in -> a(in).clamp(-0.5, 0.5), r -> List.of(r.distinct(2, 3)));
    row("clamp by tensors", in -> a(in).clamp(b(in), c(in)),
        r -> List.of(r.distinct(2, 3), r.constant(3).sub(2), r.constant(3).add(2)));

    // ---- where ----
    row("where broadcast", in -> Tensor.where(Tensor.of(new boolean[] {true, false, true, false, false, true}, 2, 3),
        a(in), b(in)), r -> List.of(r.randn(2, 3), r.randn(3)));
    row("maskedFill", in -> a(in).maskedFill(Tensor.of(new boolean[] {true, false, false}, 3), 0.5),
        r -> List.of(r.randn(2, 3)));

    // ---- reductions ----
    row("sum all", in -> a(in).sum(), r -> List.of(r.randn(2, 3)));
    row("sum dims {0,2}", in -> a(in).sum(new int[] {0, 2}, false), r -> List.of(r.randn(2, 3, 4)));
    row("sum keepdim of transposed", in -> a(in).sum(new int[] {1}, true), r -> List.of(r.transposed(3, 4)));
    row("prod all", in -> a(in).prod(), r -> List.of(r.positive(2, 3)));
    row("prod dim", in -> a(in).prod(1, false), r -> List.of(r.randn(3, 4)));
    row("prod with a zero", in -> a(in).prod(0, true),
        r -> List.of(Tensor.of(new double[] {0, 2, -1, 3, 0.5, 0, 1.5, 2}, 4, 2).requiresGrad_()));
    row("amax dims {0,2}", in -> a(in).amax(new int[] {0, 2}, false), r -> List.of(r.distinct(2, 3, 2)));
    row("amin dim", in -> a(in).amin(new int[] {1}, true), r -> List.of(r.distinct(3, 4)));
    row("max all", in -> a(in).max(), r -> List.of(r.distinct(3, 4)));
    row("min all", in -> a(in).min(), r -> List.of(r.distinct(3, 4)));
    row("max(dim) values", in -> a(in).max(1, false).values(), r -> List.of(r.distinct(3, 4)));
    row("mean", in -> a(in).mean(), r -> List.of(r.randn(2, 3)));
    row("mean dims", in -> a(in).mean(new int[] {0, 2}, true), r -> List.of(r.randn(2, 3, 2)));
    row("var", in -> a(in).var(), r -> List.of(r.randn(2, 3)));
    row("var dims correction 0", in -> a(in).var(new int[] {1}, 0, false), r -> List.of(r.randn(3, 4)));
    row("std", in -> a(in).std(), r -> List.of(r.randn(5)));
    row("logsumexp", in -> a(in).logsumexp(new int[] {1}, false), r -> List.of(r.randn(3, 4)));
    row("norm 2", in -> a(in).norm(), r -> List.of(r.randn(2, 3)));
    row("norm 1", in -> a(in).norm(1, new int[] {1}, false), r -> List.of(r.awayFromZero(2, 3)));
    row("norm inf", in -> a(in).norm(Double.POSITIVE_INFINITY, null, false), r -> List.of(r.distinct(2, 3)));
    row("norm 3 over dims", in -> a(in).norm(3, new int[] {0, 1}, false), r -> List.of(r.positive(2, 3, 2)));

    // ---- scans ----
    row("cumsum", in -> a(in).cumsum(1), r -> List.of(r.randn(2, 4)));
    row("cumsum of transposed", in -> a(in).cumsum(0), r -> List.of(r.transposed(3, 2)));
    row("cumprod", in -> a(in).cumprod(1), r -> List.of(r.randn(2, 4)));
    once("cumprod with zeros", in -> a(in).cumprod(1),
        r -> List.of(Tensor.of(new double[] {1.5, 0, 2, -1, 0, 0.5, 0, 3}, 2, 4).requiresGrad_()));

    // ---- matrix products ----
    row("mm", in -> a(in).mm(b(in)), r -> List.of(r.randn(2, 3), r.randn(3, 4)));
    row("mm transposed", in -> a(in).mm(b(in)), r -> List.of(r.transposed(2, 3), r.strided(3, 2)));
    row("bmm", in -> a(in).bmm(b(in)), r -> List.of(r.randn(2, 2, 3), r.randn(2, 3, 2)));
    row("matmul broadcast batch", in -> a(in).matmul(b(in)), r -> List.of(r.randn(2, 1, 2, 3), r.randn(3, 3, 2)));
    row("mv", in -> a(in).mv(b(in)), r -> List.of(r.randn(2, 3), r.randn(3)));
    row("dot", in -> a(in).dot(b(in)), r -> List.of(r.randn(4), r.randn(4)));
    row("outer", in -> a(in).outer(b(in)), r -> List.of(r.randn(2), r.randn(3)));
    row("addmm", in -> a(in).addmm(b(in), c(in), 0.5, 2.0), r -> List.of(r.randn(3), r.randn(2, 2), r.randn(2, 3)));

    // ---- convolution and pooling ----
    ConvGeometry g = new ConvGeometry(1, 2, 4, 4, 2, 3, 1, 2, 1, 1, 1, 1);
    row("im2col", in -> a(in).im2col(g), r -> List.of(r.randn(1, 2, 4, 4)));
    row("col2im", in -> a(in).col2im(g), r -> List.of(r.randn(1, 2 * 2 * 3, g.colCols())));
    row("conv2d stride 2 pad 1 bias", in -> a(in).conv2d(b(in), c(in), new int[] {2, 2}, new int[] {1, 1},
        new int[] {1, 1}, 1), r -> List.of(r.randn(2, 2, 5, 5), r.randn(3, 2, 3, 3), r.randn(3)));
    row("conv2d groups dilation", in -> a(in).conv2d(b(in), null, new int[] {1, 1}, new int[] {0, 0},
        new int[] {2, 1}, 2), r -> List.of(r.randn(1, 4, 5, 4), r.randn(2, 2, 2, 2)));
    // The fused CONV2D node, on a device whose backend fuses conv2d whatever the CPU backend does.
    row("conv2d fused bias", in -> a(in).to(FusedConvDevice.DEVICE).conv2d(b(in).to(FusedConvDevice.DEVICE),
        c(in).to(FusedConvDevice.DEVICE), new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 1).to(dev.dl.Device.CPU),
        r -> List.of(r.randn(1, 2, 5, 5), r.randn(3, 2, 2, 2), r.randn(3)));
    row("conv2d fused groups", in -> a(in).to(FusedConvDevice.DEVICE).conv2d(b(in).to(FusedConvDevice.DEVICE), null,
        null, new int[] {1, 1}, null, 2).to(dev.dl.Device.CPU), r -> List.of(r.randn(2, 4, 3, 3), r.randn(2, 2, 2, 2)));
    row("maxPool2d", in -> a(in).maxPool2d(new int[] {2, 2}, null, new int[] {0, 0}, new int[] {1, 1}),
        r -> List.of(r.distinct(1, 2, 4, 4)));
    row("avgPool2d padded", in -> a(in).avgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}),
        r -> List.of(r.randn(1, 2, 5, 5)));
    row("adaptiveAvgPool2d", in -> a(in).adaptiveAvgPool2d(2, 3), r -> List.of(r.randn(1, 1, 5, 6)));

    // ---- indexing ----
    row("gather", in -> a(in).gather(1, Leaves.index(new long[] {0, 2, 2, 1, 0, 0}, 2, 3)), r -> List.of(r.randn(2, 4)));
    row("scatter", in -> a(in).scatter(1, Leaves.index(new long[] {3, 0, 1, 2}, 2, 2), b(in)),
        r -> List.of(r.randn(2, 4), r.randn(2, 2)));
    row("scatter src larger than index", in -> a(in).scatter(0, Leaves.index(new long[] {1, 0}, 1, 2), b(in)),
        r -> List.of(r.randn(2, 3), r.randn(2, 3)));
    row("scatterAdd duplicates", in -> a(in).scatterAdd(1, Leaves.index(new long[] {1, 1, 0, 2, 2, 2}, 2, 3), b(in)),
        r -> List.of(r.randn(2, 3), r.randn(2, 3)));
    row("index [:, 1]", in -> a(in).index(":, 1"), r -> List.of(r.randn(3, 4)));
    row("index [1:3, ::2]", in -> a(in).index(Index.slice(1, 3), Index.slice(null, null, 2)), r -> List.of(r.randn(4, 5)));
    row("index by int64 tensor", in -> a(in).index(Leaves.index(new long[] {2, 0, 2}, 3)), r -> List.of(r.randn(3, 2)));
    row("index by bool mask", in -> a(in).index(Tensor.of(new boolean[] {true, false, true, true}, 4)),
        r -> List.of(r.randn(4, 2)));
    row("indexSelect", in -> a(in).indexSelect(1, Leaves.index(new long[] {1, 1, 0}, 3)), r -> List.of(r.randn(2, 3)));
    row("maskedSelect", in -> a(in).maskedSelect(Tensor.of(new boolean[] {true, false, true}, 3)),
        r -> List.of(r.randn(2, 3)));
    row("embedding", in -> Tensor.embedding(Leaves.index(new long[] {2, 0, 2}, 3), a(in)), r -> List.of(r.randn(4, 2)));

    // ---- copies ----
    row("clone", in -> a(in).clone(), r -> List.of(r.transposed(2, 3)));
    row("contiguous", in -> a(in).contiguous(), r -> List.of(r.strided(2, 2)));

    // ---- fused softmax and composites over it ----
    row("softmax", in -> a(in).softmax(1), r -> List.of(r.randn(2, 4)));
    row("logSoftmax dim 0 of transposed", in -> a(in).logSoftmax(0), r -> List.of(r.transposed(3, 2)));

    // ---- joins ----
    row("cat dim 1, one constant", in -> Tensor.cat(List.of(a(in), b(in), c(in)), 1),
        r -> List.of(r.randn(2, 2), r.constant(2, 1), r.transposed(2, 3)));
    row("stack", in -> Tensor.stack(List.of(a(in), b(in)), 0), r -> List.of(r.randn(2, 3), r.randn(2, 3)));
    row("split piece", in -> a(in).split(2, 1).get(1).mul(a(in).split(2, 1).get(0)), r -> List.of(r.randn(2, 4)));
    row("chunk", in -> a(in).chunk(3, 0).get(2), r -> List.of(r.randn(6, 2)));
    row("flip", in -> a(in).flip(0, 1), r -> List.of(r.randn(2, 3)));
    row("roll", in -> a(in).roll(1, 1), r -> List.of(r.randn(2, 3)));
    row("repeat", in -> a(in).repeat(2, 1, 2), r -> List.of(r.randn(2, 3)));
    row("tril", in -> a(in).tril(), r -> List.of(r.randn(3, 3)));
    row("triu(1)", in -> a(in).triu(1), r -> List.of(r.randn(3, 4)));
    row("pad", in -> a(in).pad(new int[] {1, 2, 0, 1}, 0.5), r -> List.of(r.randn(2, 3)));
    row("sliceScatter", in -> a(in).sliceScatter(b(in), 1, 0, 4, 2), r -> List.of(r.randn(2, 4), r.randn(2, 2)));

    // ---- movement ----
    row("view", in -> a(in).view(3, 2), r -> List.of(r.randn(2, 3)));
    row("reshape of transposed", in -> a(in).reshape(-1), r -> List.of(r.transposed(2, 3)));
    row("flatten/unflatten", in -> a(in).flatten().unflatten(0, 3, 2), r -> List.of(r.randn(2, 3)));
    row("permute", in -> a(in).permute(2, 0, 1), r -> List.of(r.randn(2, 3, 2)));
    row("transpose", in -> a(in).transpose(0, 1), r -> List.of(r.randn(2, 3)));
    row("expand", in -> a(in).expand(2, 3, 4), r -> List.of(r.randn(3, 1)));
    row("expandAs", in -> a(in).expandAs(b(in)).mul(b(in)), r -> List.of(r.randn(1, 3), r.randn(2, 3)));
    row("squeeze/unsqueeze", in -> a(in).squeeze().unsqueeze(0), r -> List.of(r.randn(1, 3, 1)));
    row("slice step 2", in -> a(in).slice(1, 1, 5, 2), r -> List.of(r.randn(2, 6)));
    row("narrow", in -> a(in).narrow(0, 1, 2), r -> List.of(r.randn(4, 2)));
    row("select", in -> a(in).select(1, 2), r -> List.of(r.randn(2, 3)));

    // ---- activation composites ----
    row("leakyRelu", in -> a(in).leakyRelu(0.1), r -> List.of(r.awayFromZero(2, 3)));
    row("elu", in -> a(in).elu(1.0), r -> List.of(r.awayFromZero(2, 3)));
    row("softplus beta threshold", in -> a(in).softplus(2.0, 1.0), r -> List.of(r.randn(2, 3)));
    row("gelu tanh", in -> a(in).gelu(true), r -> List.of(r.randn(2, 3)));
    row("square", in -> a(in).square(), r -> List.of(r.randn(2, 3)));
    row("toFloat and back", in -> a(in).toFloat().toDouble().mul(b(in)), r -> List.of(r.randn(3), r.randn(3)));
  }

  static Stream<Case> cases() { return CASES.stream(); }

  @Test
  void tableCoversEveryDifferentiableOp() {
    Set<Op> seen = EnumSet.noneOf(Op.class);
    for (Case c : CASES) {
      Tensor out = c.f().apply(c.inputs().apply(new Leaves(1)));
      Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
      ArrayDeque<Node> todo = new ArrayDeque<>();
      if (out.gradFn() instanceof Node n) todo.add(n);
      while (!todo.isEmpty()) {
        Node n = todo.pop();
        if (!visited.add(n)) continue;
        if (n instanceof OpNode op) seen.add(op.op);
        for (Node next : n.next) if (next != null) todo.add(next);
      }
    }
    Set<Op> missing = EnumSet.complementOf(EnumSet.copyOf(Op.NON_DIFFERENTIABLE));
    missing.removeAll(seen);
    assertTrue(missing.isEmpty(), "ops with a derivative rule that no row exercises: " + missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradcheck(Case c) {
    List<Tensor> inputs = c.inputs().apply(new Leaves(c.name().hashCode()));
    if (c.name().equals("toFloat and back")) {
      // float32 in the middle: finite differences need a larger step and tolerance.
      GradCheck.gradcheck(c.f(), inputs, 1e-3, 1e-2, 1e-2);
    } else {
      GradCheck.gradcheck(c.f(), inputs, EPS, ATOL, RTOL);
    }
  }

  static Stream<Case> twiceDifferentiable() { return CASES.stream().filter(Case::gradgrad); }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twiceDifferentiable")
  void gradgradcheck(Case c) {
    List<Tensor> inputs = c.inputs().apply(new Leaves(c.name().hashCode()));
    if (c.name().equals("toFloat and back")) {
      GradCheck.gradgradcheck(c.f(), inputs, 1e-3, 1e-2, 1e-2);
    } else {
      GradCheck.gradgradcheck(c.f(), inputs, EPS, ATOL, RTOL);
    }
  }
}
