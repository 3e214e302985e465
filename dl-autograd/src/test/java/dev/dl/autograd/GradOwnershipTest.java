package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.GradMode;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leaves may keep a freshly computed gradient instead of a copy, and matmul gradients follow a
 * transposed input's layout; neither may let two tensors share memory that users write to.
 */
class GradOwnershipTest {
  private static void assertClose(Tensor expected, Tensor actual) {
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12);
  }

  @Test
  void weightUsedTransposedGetsAContiguousCorrectGradient() {
    Leaves r = new Leaves(21);
    Tensor x = r.randn(5, 4), w = r.randn(3, 4), b = r.randn(3);
    Tensor y = x.matmul(w.t()).add(b);
    Tensor g = r.randn(5, 3).detach();
    y.backward(g);
    assertTrue(w.grad().isContiguous());
    assertClose(g.t().matmul(x.detach()), w.grad());
    assertClose(g.matmul(w.detach()), x.grad());
    assertClose(g.sum(0), b.grad());
  }

  @Test
  void transposedFirstOperandGetsItsGradient() {
    Leaves r = new Leaves(22);
    Tensor a = r.randn(4, 6), b = r.randn(4, 3);
    Tensor g = r.randn(6, 3).detach();
    a.t().matmul(b).backward(g);
    assertClose(b.detach().matmul(g.t()), a.grad());
    assertClose(a.detach().matmul(g), b.grad());
  }

  @Test
  void oneGradientReachingTwoLeavesIsNotShared() {
    Leaves r = new Leaves(23);
    Tensor p = r.randn(3), q = r.randn(3);
    // add passes its one (fresh, contiguous) gradient object to both inputs.
    Tensor sum = p.add(q);
    sum.exp().sum().backward();
    Tensor expected = sum.detach().exp();
    try (var _ = GradMode.noGrad()) {
      p.grad().mul_(10);
    }
    assertClose(expected, q.grad());
    assertClose(expected.mul(10), p.grad());
  }

  @Test
  void aGradientAHookKeepsIsCopied() {
    Leaves r = new Leaves(24);
    Tensor p = r.randn(4);
    List<Tensor> seen = new ArrayList<>();
    p.registerHook(grad -> {
      seen.add(grad);
      return null;
    });
    p.exp().sum().backward();
    assertNotSame(seen.get(0), p.grad());
    try (var _ = GradMode.noGrad()) {
      p.grad().zero_();
    }
    assertClose(p.detach().exp(), seen.get(0));
  }

  @Test
  void keptGradientsAccumulateAcrossBackwardCalls() {
    Leaves r = new Leaves(25);
    Tensor w = r.randn(2, 3);
    Tensor x = r.randn(4, 3).detach();
    x.matmul(w.t()).sum().backward();
    Tensor first = w.grad().clone();
    x.matmul(w.t()).sum().backward();
    assertClose(first.mul(2), w.grad());
  }
}
