package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Tensor;
import dev.dl.spi.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The derivative table itself: complete, and its helpers. */
class DerivativesTest {
  @ParameterizedTest
  @EnumSource(Op.class)
  void everyOpHasExactlyOneOfARuleOrTheNonDifferentiableMark(Op op) {
    if (Op.NON_DIFFERENTIABLE.contains(op)) assertNull(Derivatives.rule(op), op + " is marked non-differentiable");
    else assertNotNull(Derivatives.rule(op), op + " has no derivative rule");
  }

  @Test
  void sumToShapeReducesLeadingAndBroadcastDims() {
    Tensor g = Tensor.ones(2, 3, 4);
    assertArrayEquals(new int[] {3, 1}, Derivatives.sumToShape(g, new int[] {3, 1}).shape().toArray());
    assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
        Derivatives.sumToShape(Tensor.ones(2, 3, 4), new int[] {1, 3, 4}).view(-1).toFloatArray());
    assertArrayEquals(new float[] {24}, Derivatives.sumToShape(g, new int[0]).view(-1).toFloatArray());
    assertTrue(Derivatives.broadcastsTo(new int[] {3, 1}, new int[] {2, 3, 4}));
    assertTrue(!Derivatives.broadcastsTo(new int[] {2, 4}, new int[] {2, 3, 4}));
  }

  @Test
  void gradcheckReportsTheMismatchingEntries() {
    class WrongSquare extends Function {
      @Override
      protected Tensor forward(FunctionContext ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return in[0].square();
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor g) {
        return new Tensor[] {g.mul(ctx.savedTensors().get(0))}; // should be 2x
      }
    }
    Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad_();
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.gradcheck(in -> new WrongSquare().apply(in.get(0)), List.of(x), 1e-6, 1e-5, 1e-3));
    assertTrue(e.getMessage().contains("Jacobian mismatch for output 0 (shape [2]) with respect to input 0"),
        e.getMessage());
    assertTrue(e.getMessage().contains("d out[1] / d in[1]: numerical 4.0"), e.getMessage());
    assertTrue(e.getMessage().contains("analytical 2.0"), e.getMessage());
  }

  @Test
  void gradcheckWantsFloat64() {
    Tensor x = Tensor.ones(2).requiresGrad_();
    assertThrows(IllegalArgumentException.class,
        () -> GradCheck.gradcheck(in -> in.get(0).exp(), List.of(x), 1e-6, 1e-5, 1e-3));
  }
}
