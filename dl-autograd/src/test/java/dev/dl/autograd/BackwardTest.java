package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.GradMode;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Backward semantics: accumulation, graph lifetime, non-leaf grads, higher order, grad mode, views. */
class BackwardTest {
  private static Tensor leaf(double... values) { return Tensor.of(values, values.length).requiresGrad_(); }

  @Test
  void logisticRegressionGradientsMatchTheClosedForm() {
    // x = ones(2,2), y = ones(2,1), w = [[0.5], [-0.25]], b = 0.1.
    // z_i = x_i . w + b = 0.35 for both rows, p = sigmoid(0.35) = 0.5866175789173301.
    // cost = mean_i(-y_i log p_i - (1 - y_i) log(1 - p_i)); dcost/dz_i = (p_i - y_i) / N with N = 2.
    // dcost/dw_j = sum_i x_ij (p - 1) / 2 = p - 1 = -0.41338242108266987 for both j;
    // dcost/db   = sum_i (p - 1) / 2     = p - 1 = -0.41338242108266987.
    Tensor x = Tensor.ones(2, 2);
    Tensor y = Tensor.ones(2, 1);
    Tensor w = Tensor.of(new float[] {0.5f, -0.25f}, 2, 1).requiresGrad_();
    Tensor b = Tensor.scalar(0.1).requiresGrad_();
    Tensor p = x.mm(w).add(b).sigmoid();
    Tensor loss = y.neg().mul(p.log()).sub(y.rsub(1).mul(p.rsub(1).log()));
    Tensor cost = loss.mean();
    cost.backward();

    assertEquals(0.5333821554187769, cost.item(), 1e-6);
    assertArrayEquals(new float[] {-0.41338242f, -0.41338242f}, w.grad().toFloatArray(), 1e-6f);
    assertArrayEquals(new int[] {2, 1}, w.grad().shape().toArray());
    assertEquals(0, b.grad().dim());
    assertEquals(-0.41338242108266987, b.grad().item(), 1e-6);
    assertEquals(DType.FLOAT32, w.grad().dtype());
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsUntilCleared() {
    Tensor x = leaf(1, 2, 3);
    x.mul(x).sum().backward();
    assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
    x.mul(x).sum().backward();
    assertArrayEquals(new double[] {4, 8, 12}, x.grad().toDoubleArray());
    x.setGrad(null);
    x.mul(3).sum().backward();
    assertArrayEquals(new double[] {3, 3, 3}, x.grad().toDoubleArray());
  }

  @Test
  void aTensorUsedTwiceGetsTheSumOfBothPaths() {
    Tensor x = leaf(2);
    x.mul(x).add(x.exp()).sum().backward();
    assertEquals(4 + Math.exp(2), x.grad().item(), 1e-12);
  }

  @Test
  void sharedGradientIsNotAliasedBetweenLeaves() {
    Tensor a = leaf(1, 2), b = leaf(3, 4);
    a.add(b).sum().backward();
    a.grad().mul_(10);
    assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray());
  }

  @Test
  void broadcastInputsGetGradientsOfTheirOwnShape() {
    Tensor row = leaf(1, 2, 3);
    Tensor matrix = Tensor.of(new double[] {1, 1, 1, 2, 2, 2}, 2, 3).requiresGrad_();
    Tensor s = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_();
    row.mul(matrix).mul(s).sum().backward();
    assertArrayEquals(new double[] {6, 6, 6}, row.grad().toDoubleArray());
    assertArrayEquals(new int[] {3}, row.grad().shape().toArray());
    assertEquals(0, s.grad().dim());
    assertEquals(1 + 2 + 3 + 2 * (1 + 2 + 3), s.grad().item(), 1e-12);
  }

  @Test
  void secondBackwardWithoutRetainGraphFails() {
    Tensor x = leaf(1, 2);
    Tensor y = x.sigmoid().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time (or directly access "
        + "saved tensors after they have already been freed)"), e.getMessage());
  }

  @Test
  void retainGraphAllowsASecondBackward() {
    Tensor x = leaf(0.5);
    Tensor y = x.sigmoid().sum();
    y.backward(null, true, false);
    y.backward();
    double s = 1 / (1 + Math.exp(-0.5));
    assertEquals(2 * s * (1 - s), x.grad().item(), 1e-12);
  }

  @Test
  void nonLeafGradIsNullUnlessRetained() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(3);
    Tensor k = x.mul(2).retainGrad();
    h.add(k).mul(h).sum().backward();
    assertNull(h.grad());
    assertFalse(h.isLeaf());
    assertArrayEquals(new double[] {3, 6}, k.grad().toDoubleArray()); // d/dk of (h + k) * h = h
    assertArrayEquals(new double[] {30, 60}, x.grad().toDoubleArray(), 1e-12); // d/dx (5x * 3x) = 30x
  }

  @Test
  void createGraphGivesSecondDerivatives() {
    Tensor x = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_();
    Tensor y = x.pow(3);
    Tensor dy = Autograd.grad(List.of(y), List.of(x), null, false, true, false).get(0);
    assertEquals(12, dy.item(), 1e-12); // 3x^2
    assertTrue(dy.requiresGrad());
    Tensor d2y = Autograd.grad(List.of(dy), List.of(x)).get(0);
    assertEquals(12, d2y.item(), 1e-12); // 6x
  }

  @Test
  void backwardWithCreateGraphLeavesADifferentiableGrad() {
    Tensor x = leaf(1.5, -2);
    x.pow(3).sum().backward(null, true, true);
    Tensor g = x.grad();
    assertTrue(g.requiresGrad());
    assertArrayEquals(new double[] {3 * 2.25, 3 * 4}, g.toDoubleArray(), 1e-12);
    Tensor d2 = Autograd.grad(List.of(g.sum()), List.of(x)).get(0);
    assertArrayEquals(new double[] {9, -12}, d2.toDoubleArray(), 1e-12); // 6x
  }

  @Test
  void functionalGradLeavesGradFieldsAlone() {
    Tensor x = leaf(1, 2), unused = leaf(3);
    Tensor y = x.square().sum();
    List<Tensor> g = Autograd.grad(List.of(y), List.of(x, unused), null, true, false, true);
    assertArrayEquals(new double[] {2, 4}, g.get(0).toDoubleArray());
    assertNull(g.get(1));
    assertNull(x.grad());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(List.of(y), List.of(x, unused), null, true, false, false));
    assertTrue(e.getMessage().contains("appears to not have been used in the graph"), e.getMessage());
    Tensor constant = Tensor.of(new double[] {1}, 1);
    e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(List.of(y), List.of(constant)));
    assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
  }

  @Test
  void gradWithRespectToAnIntermediateTensor() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(3);
    Tensor y = h.square().sum();
    Tensor dh = Autograd.grad(List.of(y), List.of(h)).get(0);
    assertArrayEquals(new double[] {6, 12}, dh.toDoubleArray(), 1e-12);
  }

  @Test
  void backwardFromSeveralRoots() {
    Tensor x = leaf(1, 2);
    Tensor a = x.mul(2), b = x.square();
    Autograd.backward(List.of(a, b.sum()), List.of(Tensor.of(new double[] {1, 10}, 2), Tensor.scalar(1.0, DType.FLOAT64)),
        false, false);
    assertArrayEquals(new double[] {2 + 2, 20 + 4}, x.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void badRootsAndGradientsAreRejected() {
    Tensor x = leaf(1, 2);
    Tensor y = x.mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
    assertTrue(e.getMessage().contains("scalar outputs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.of(new double[] {1, 2, 3}, 3)));
    assertTrue(e.getMessage().contains("Mismatch in shape"), e.getMessage());
    Tensor c = Tensor.of(new double[] {1}, 1);
    IllegalStateException s = assertThrows(IllegalStateException.class, () -> c.sum().backward());
    assertTrue(s.getMessage().contains("does not require grad"), s.getMessage());
  }

  @Test
  void noGradIsPerThread() throws Exception {
    Tensor x = leaf(1, 2);
    AtomicReference<Tensor> other = new AtomicReference<>();
    try (var _ = GradMode.noGrad()) {
      Tensor y = x.mul(2);
      assertFalse(y.requiresGrad());
      assertNull(y.gradFn());
      Thread t = new Thread(() -> other.set(x.mul(2)));
      t.start();
      t.join();
      try (var _ = Autograd.enableGrad()) {
        assertTrue(x.mul(2).requiresGrad());
      }
      assertFalse(x.mul(2).requiresGrad());
    }
    assertTrue(other.get().requiresGrad());
    assertTrue(x.mul(2).requiresGrad());
    try (var _ = Autograd.inferenceMode(); var _ = GradMode.enableGrad()) {
      assertFalse(x.mul(2).requiresGrad());
    }
  }

  @Test
  void detachCutsTheGraphButSharesTheVersionCounter() {
    Tensor x = leaf(0.5, 1);
    Tensor s = x.sigmoid();
    Tensor d = s.detach();
    assertFalse(d.requiresGrad());
    assertNull(d.gradFn());
    assertTrue(d.isLeaf());
    Tensor y = s.mul(s).sum();
    d.mul_(2); // writes s's storage
    assertEquals(1, s.version());
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("is at version 1; expected version 0 instead"), e.getMessage());
  }

  @Test
  void inPlaceChangeOfASavedTensorIsReported() {
    Tensor x = leaf(0.5, 1, 2, 3);
    Tensor a = x.view(2, 2).sigmoid();
    a.mul_(2); // sigmoid saved its output
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.sum().backward());
    assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by "
        + "an inplace operation: [torch.float64 [2, 2]] is at version 1; expected version 0 instead"), e.getMessage());
    assertTrue(e.getMessage().contains("SigmoidBackward0"), e.getMessage());
  }

  @Test
  void inPlaceOpsOnNonLeavesAreDifferentiable() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(2);
    h.add_(1).mul_(3); // h = 3 * (2x + 1)
    assertEquals("MulBackward0", h.gradFn().name());
    h.sum().backward();
    assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void inPlaceOnALeafThatRequiresGradFails() {
    Tensor x = leaf(1, 2);
    assertThrows(IllegalStateException.class, () -> x.add_(1));
    try (var _ = GradMode.noGrad()) {
      x.add_(1); // the optimizer's way
    }
    assertArrayEquals(new double[] {2, 3}, x.toDoubleArray());
  }

  @Test
  void hooksSeeAndReplaceGradients() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(3);
    List<double[]> seen = new ArrayList<>();
    Runnable remove = h.registerHook(g -> {
      seen.add(g.toDoubleArray());
      return g.mul(2);
    });
    x.registerHook(g -> {
      seen.add(g.toDoubleArray());
      return null;
    });
    h.sum().backward(null, true, false);
    assertArrayEquals(new double[] {1, 1}, seen.get(0));
    assertArrayEquals(new double[] {6, 6}, seen.get(1));
    assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray());
    remove.run();
    x.setGrad(null);
    h.sum().backward();
    assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
    assertEquals(3, seen.size());
  }

  @Test
  void leafHookCanReplaceWhatIsAccumulated() {
    Tensor x = leaf(1, 2);
    x.registerHook(g -> g.mul(0));
    x.mul(5).sum().backward();
    assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray());
  }

  @Test
  void nodeNamesFollowPyTorch() {
    Tensor x = leaf(1, 2, 3, 4);
    assertEquals("MulBackward0", x.mul(2).gradFn().name());
    assertEquals("AddBackward0", x.add(x).gradFn().name());
    assertEquals("ExpBackward0", x.exp().gradFn().name());
    assertEquals("SumBackward0", x.sum().gradFn().name());
    assertEquals("SumBackward1", x.view(2, 2).sum(new int[] {1}, true).gradFn().name());
    assertEquals("SumBackward1", x.view(2, 2).sum(1).gradFn().name());
    assertEquals("MeanBackward0".replace("Mean", "Div"), x.mean().gradFn().name()); // mean is sum / n here
    assertEquals("MmBackward0", x.view(2, 2).mm(x.view(2, 2)).gradFn().name());
    assertEquals("ViewBackward0", x.view(2, 2).gradFn().name());
    assertEquals("PermuteBackward0", x.view(2, 2).permute(1, 0).gradFn().name());
    assertEquals("PowBackward0", x.pow(2).gradFn().name());
    assertEquals("PowBackward1", x.pow(x).gradFn().name());
    assertEquals("BmmBackward0", x.view(2, 1, 2).bmm(x.view(2, 2, 1)).gradFn().name());
    assertEquals("ToCopyBackward0", x.toFloat().gradFn().name());
    assertEquals("CloneBackward0", x.clone().gradFn().name());
    assertEquals("SoftmaxBackward0", x.softmax(0).gradFn().name());
    assertEquals("CatBackward0", Tensor.cat(List.of(x, x), 0).gradFn().name());
    assertEquals("Log1PBackward0", x.log1p().gradFn().name());
    assertTrue(x.mul(2).toString().contains("grad_fn=<MulBackward0>"), x.mul(2).toString());
    assertTrue(x.toString().contains("requires_grad=True"), x.toString());
  }

  @Test
  void gradientOfACastGoesBackInTheInputDtype() {
    Tensor x = leaf(1, 2);
    Tensor y = x.toFloat().mul(3).sum();
    y.backward();
    assertEquals(DType.FLOAT64, x.grad().dtype());
    assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
  }

  @Test
  void maxAlongADimRoutesTheGradientToTheFirstMaximum() {
    Tensor x = Tensor.of(new double[] {1, 5, 5, 2, 0, -1}, 2, 3).requiresGrad_();
    x.max(1, false).values().sum().backward();
    assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, x.grad().toDoubleArray());
    x.setGrad(null);
    x.amax(new int[] {1}, false).sum().backward(); // amax shares the gradient among ties
    assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 0, 0}, x.grad().toDoubleArray());
  }

  @Test
  void retainGradOnALeafKeepsItsGrad() {
    Tensor x = leaf(1);
    assertSame(x, x.retainGrad());
    x.mul(2).sum().backward();
    assertNotNull(x.grad());
    assertThrows(IllegalStateException.class, () -> Tensor.of(new double[] {1}, 1).retainGrad());
  }

  @Test
  void integerOutputsDoNotRequireGrad() {
    Tensor x = leaf(1.5, -2);
    assertFalse(x.argmax().requiresGrad());
    assertFalse(x.gt(0).requiresGrad());
    assertTrue(x.mul(2).requiresGrad());
  }

  @Test
  void roundingIsRecordedWithAZeroGradientAsInPyTorch() {
    Tensor x = leaf(1.5, -2);
    Tensor y = x.floor().add(x.round()).add(x.sign());
    assertTrue(y.requiresGrad());
    y.sum().backward();
    assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray());
  }

  @Test
  void backwardFromALeafAccumulatesTheGivenGradient() {
    Tensor x = leaf(1, 2);
    x.backward(Tensor.of(new double[] {0.5, 3}, 2));
    assertArrayEquals(new double[] {0.5, 3}, x.grad().toDoubleArray());
  }

  @Test
  void hooksAlsoSeeGradientsCapturedByFunctionalGrad() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(2);
    h.registerHook(g -> g.mul(10));
    Tensor dx = Autograd.grad(List.of(h.sum()), List.of(x)).get(0);
    assertArrayEquals(new double[] {20, 20}, dx.toDoubleArray());
  }

  @Test
  void sameInputTwiceGetsTheSameGradient() {
    Tensor x = leaf(3);
    List<Tensor> g = Autograd.grad(List.of(x.square().sum()), List.of(x, x));
    assertArrayEquals(new double[] {6}, g.get(0).toDoubleArray());
    assertArrayEquals(new double[] {6}, g.get(1).toDoubleArray());
  }

  @Test
  void deepGraphsDoNotOverflowTheStack() {
    Tensor x = leaf(1);
    Tensor y = x;
    for (int i = 0; i < 20_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-9);
  }

  @Test
  void concurrentBackwardPassesAccumulateIntoASharedLeaf() throws Exception {
    Tensor w = leaf(1, 2, 3);
    int threads = 4, steps = 50;
    List<Thread> workers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        for (int i = 0; i < steps; i++) w.mul(2).sum().backward();
      });
      worker.setUncaughtExceptionHandler((th, e) -> failure.set(e));
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) worker.join();
    assertNull(failure.get());
    double expected = 2.0 * threads * steps;
    assertArrayEquals(new double[] {expected, expected, expected}, w.grad().toDoubleArray(), 1e-9);
  }
}
