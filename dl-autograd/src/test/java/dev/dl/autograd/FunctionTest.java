package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User-defined ops with their own backward, as torch.autograd.Function. */
class FunctionTest {
  /** x^3 with a hand-written derivative 3x^2 written in tensor ops (so it is twice differentiable). */
  static final class Cube extends Function {
    @Override
    protected Tensor forward(FunctionContext ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return in[0].pow(3);
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor g) {
      Tensor x = ctx.savedTensors().get(0);
      return new Tensor[] {g.mul(x.square()).mul(3)};
    }
  }

  /** a * scale + b, with a non-tensor attribute and a gradient only for the inputs that need one. */
  static final class ScaledAdd extends Function {
    final double scale;
    boolean[] asked;

    ScaledAdd(double scale) { this.scale = scale; }

    @Override
    protected Tensor forward(FunctionContext ctx, Tensor... in) {
      ctx.put("scale", scale);
      asked = new boolean[] {ctx.needsInputGrad(0), ctx.needsInputGrad(1)};
      return in[0].mul(scale).add(in[1]);
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor g) {
      double s = ctx.get("scale");
      return new Tensor[] {ctx.needsInputGrad(0) ? g.mul(s) : null, ctx.needsInputGrad(1) ? g : null};
    }
  }

  /** Returns a gradient of the wrong shape. */
  static final class Broken extends Function {
    @Override
    protected Tensor forward(FunctionContext ctx, Tensor... in) { return in[0].sum(); }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor g) {
      return new Tensor[] {Tensor.ones(DType.FLOAT64, 7)};
    }
  }

  @Test
  void customFunctionPassesGradcheckAndGradgradcheck() {
    Tensor x = new Leaves(3).randn(2, 3);
    GradCheck.gradcheck(in -> new Cube().apply(in.get(0)), List.of(x), 1e-6, 1e-5, 1e-3);
    GradCheck.gradgradcheck(in -> new Cube().apply(in.get(0)), List.of(x), 1e-6, 1e-5, 1e-3);
  }

  @Test
  void forwardDoesNotRecordAndTheNodeIsNamedAfterTheClass() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad_();
    Tensor y = new Cube().apply(x);
    assertEquals("CubeBackward", y.gradFn().name());
    assertTrue(y.requiresGrad());
    y.sum().backward();
    assertArrayEquals(new double[] {3, 12}, x.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void contextCarriesValuesAndKnowsWhichInputsNeedGrad() {
    Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad_();
    Tensor b = Tensor.of(new double[] {5, 6}, 2);
    ScaledAdd f = new ScaledAdd(4);
    Tensor y = f.apply(a, b);
    assertArrayEquals(new boolean[] {true, false}, f.asked);
    assertArrayEquals(new double[] {9, 14}, y.toDoubleArray(), 1e-12);
    y.sum().backward();
    assertArrayEquals(new double[] {4, 4}, a.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void withoutInputsThatRequireGradNothingIsRecorded() {
    Tensor y = new Cube().apply(Tensor.of(new double[] {2}, 1));
    assertFalse(y.requiresGrad());
    assertArrayEquals(new double[] {8}, y.toDoubleArray(), 1e-12);
  }

  @Test
  void wrongGradientShapeIsReported() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad_();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Broken().apply(x).backward());
    assertTrue(e.getMessage().contains("BrokenBackward returned an invalid gradient at index 0"), e.getMessage());
  }

  @Test
  void savedTensorsAreVersionCheckedAndFreedAfterBackward() {
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad_();
    Tensor h = x.mul(1);
    Tensor y = new Cube().apply(h).sum();
    y.backward(null, true, false);
    y.backward();
    IllegalStateException freed = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(freed.getMessage().startsWith("Trying to backward through the graph a second time"), freed.getMessage());

    Tensor h2 = x.mul(1);
    Tensor y2 = new Cube().apply(h2).sum();
    h2.add_(1);
    IllegalStateException changed = assertThrows(IllegalStateException.class, y2::backward);
    assertTrue(changed.getMessage().contains("is at version 1; expected version 0 instead"), changed.getMessage());
    assertTrue(changed.getMessage().contains("CubeBackward"), changed.getMessage());
  }
}
