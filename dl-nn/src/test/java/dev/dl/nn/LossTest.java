package dev.dl.nn;

import static dev.dl.nn.TestUtil.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Loss values against hand computations. */
class LossTest {
  private static final Tensor X = Tensor.of(new double[] {1, 2, 3, 1, 0, -1}, 2, 3);
  private static final Tensor LABELS = Tensor.of(new long[] {2, 0}, 2);

  private static double lse(double... v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) m = Math.max(m, d);
    double s = 0;
    for (double d : v) s += Math.exp(d - m);
    return m + Math.log(s);
  }

  @Test
  void regressionLosses() {
    Tensor a = Tensor.of(new double[] {0, 1, 3}, 3);
    Tensor b = Tensor.of(new double[] {0.5, 1, 0}, 3);
    assertEquals((0.25 + 0 + 9) / 3, new MSELoss().forward(a, b).item(), 1e-12);
    assertEquals(3.5, new L1Loss(Reduction.SUM).forward(a, b).item(), 1e-12);
    assertClose(new double[] {0.5 * 0.25, 0, 2.5}, new SmoothL1Loss(Reduction.NONE, 1.0).forward(a, b), 1e-12);
    assertClose(new double[] {0.5 * 0.25 / 0.6, 0, 3 - 0.3}, new SmoothL1Loss(Reduction.NONE, 0.6).forward(a, b), 1e-12);
    assertClose(new double[] {0.125, 0, 2 * (3 - 1)}, new HuberLoss(Reduction.NONE, 2.0).forward(a, b), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(a, Tensor.zeros(2)));
  }

  @Test
  void crossEntropyWithIndices() {
    double l0 = lse(1, 2, 3) - 3;
    double l1 = lse(1, 0, -1) - 1;
    assertEquals((l0 + l1) / 2, new CrossEntropyLoss().forward(X, LABELS).item(), 1e-12);
    Tensor w = Tensor.of(new double[] {2, 1, 0.5}, 3);
    assertEquals((0.5 * l0 + 2 * l1) / 2.5, new CrossEntropyLoss(w, -100, Reduction.MEAN, 0).forward(X, LABELS).item(), 1e-12);
    assertEquals(l1, new CrossEntropyLoss(null, 2, Reduction.MEAN, 0).forward(X, LABELS).item(), 1e-12);
    assertClose(new double[] {l0, l1}, new CrossEntropyLoss(null, -100, Reduction.NONE, 0).forward(X, LABELS), 1e-12);
  }

  @Test
  void crossEntropyLabelSmoothing() {
    double eps = 0.1;
    double[] lp0 = {1 - lse(1, 2, 3), 2 - lse(1, 2, 3), 3 - lse(1, 2, 3)};
    double[] lp1 = {1 - lse(1, 0, -1), 0 - lse(1, 0, -1), -1 - lse(1, 0, -1)};
    // Equivalent to the cross entropy against the smoothed distribution (1-eps) onehot + eps/C.
    double q = eps / 3;
    double loss0 = -((1 - eps + q) * lp0[2] + q * lp0[0] + q * lp0[1]);
    double loss1 = -((1 - eps + q) * lp1[0] + q * lp1[1] + q * lp1[2]);
    assertEquals((loss0 + loss1) / 2, new CrossEntropyLoss(null, -100, Reduction.MEAN, eps).forward(X, LABELS).item(), 1e-12);
    Tensor onehotSmoothed = Tensor.of(new double[] {0, 0, 1, 1, 0, 0}, 2, 3);
    assertEquals((loss0 + loss1) / 2, new CrossEntropyLoss(null, -100, Reduction.MEAN, eps).forward(X, onehotSmoothed).item(), 1e-12);
  }

  @Test
  void crossEntropyWithProbabilitiesAndSpatialInput() {
    Tensor p = Tensor.of(new double[] {0.2, 0.3, 0.5, 1, 0, 0}, 2, 3);
    double l0 = -(0.2 * (1 - lse(1, 2, 3)) + 0.3 * (2 - lse(1, 2, 3)) + 0.5 * (3 - lse(1, 2, 3)));
    double l1 = lse(1, 0, -1) - 1;
    assertEquals((l0 + l1) / 2, Functional.crossEntropy(X, p).item(), 1e-12);
    // [N, C, d] input: class dim 1.
    Tensor x3 = X.reshape(1, 2, 3);   // N=1, C=2, d=3
    Tensor t3 = Tensor.of(new long[] {1, 0, 1}, 1, 3);
    double e0 = lse(1, 1) - 1;
    double e1 = lse(2, 0) - 2;
    double e2 = lse(3, -1) - (-1);
    assertClose(new double[] {e0, e1, e2}, Functional.crossEntropy(x3, t3, null, -100, Reduction.NONE, 0), 1e-12);
  }

  @Test
  void nllAndErrors() {
    Tensor lp = X.logSoftmax(1);
    assertEquals(Functional.crossEntropy(X, LABELS).item(), new NLLLoss().forward(lp, LABELS).item(), 1e-12);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> Functional.nllLoss(lp, Tensor.of(new long[] {3, 0}, 2)));
    assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Functional.nllLoss(lp, Tensor.of(new long[] {1, 0, 1}, 3)));
    assertThrows(IllegalArgumentException.class, () -> new NLLLoss(Tensor.ones(2), -100, Reduction.MEAN).forward(lp, LABELS));
  }

  @Test
  void binaryLosses() {
    Tensor p = Tensor.of(new double[] {0.9, 0.2, 0.0}, 3);
    Tensor t = Tensor.of(new double[] {1, 0, 1}, 3);
    assertClose(new double[] {-Math.log(0.9), -Math.log(0.8), 100}, new BCELoss(null, Reduction.NONE).forward(p, t), 1e-12);
    // Probabilities of exactly 0 and 1 (a saturated float32 sigmoid) keep a finite gradient.
    Tensor sat = Tensor.of(new double[] {1, 0.5, 0}, 3).requiresGrad_();
    new BCELoss(null, Reduction.SUM).forward(sat, Tensor.of(new double[] {1, 1, 0}, 3)).backward();
    for (double g : sat.grad().toDoubleArray()) assertTrue(Double.isFinite(g), java.util.Arrays.toString(sat.grad().toDoubleArray()));
    assertEquals(-2.0, sat.grad().toDoubleArray()[1], 1e-12);
    Tensor z = Tensor.of(new double[] {2, -1, 800}, 3);
    Tensor tz = Tensor.of(new double[] {1, 0, 0}, 3);
    double[] ref = {Math.log1p(Math.exp(-2)), Math.log1p(Math.exp(-1)), 800};
    assertClose(ref, new BCEWithLogitsLoss(null, Reduction.NONE, null).forward(z, tz), 1e-12);
    Tensor pw = Tensor.of(new double[] {3, 3, 3}, 3);
    assertClose(new double[] {3 * ref[0], ref[1], 800}, new BCEWithLogitsLoss(null, Reduction.NONE, pw).forward(z, tz), 1e-12);
    assertTrue(Double.isFinite(new BCEWithLogitsLoss().forward(Tensor.of(new double[] {-1000}, 1), Tensor.ones(1).to(DType.FLOAT64)).item()));
  }

  @Test
  void klDivergence() {
    Tensor logq = Tensor.of(new double[] {Math.log(0.5), Math.log(0.5), Math.log(0.25), Math.log(0.75)}, 2, 2);
    Tensor p = Tensor.of(new double[] {0.9, 0.1, 0, 1}, 2, 2);
    double kl0 = 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5);
    double kl1 = Math.log(1 / 0.75);
    assertEquals((kl0 + kl1) / 2, new KLDivLoss(Reduction.BATCHMEAN, false).forward(logq, p).item(), 1e-12);
    assertEquals((kl0 + kl1) / 4, new KLDivLoss().forward(logq, p).item(), 1e-12);
    Tensor logp = Tensor.of(new double[] {Math.log(0.9), Math.log(0.1), Math.log(0.2), Math.log(0.8)}, 2, 2);
    double kl1b = 0.2 * Math.log(0.2 / 0.25) + 0.8 * Math.log(0.8 / 0.75);
    assertEquals(kl0 + kl1b, new KLDivLoss(Reduction.SUM, true).forward(logq, logp).item(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new MSELoss(Reduction.BATCHMEAN));
  }

  /**
   * Without weights or ignored targets nll_loss takes a shorter path; it must give exactly the
   * values and gradients of the general one (forced here with a weight of ones).
   */
  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"NONE", "SUM", "MEAN"})
  void nllLossWithoutWeightsMatchesTheWeightedPath(Reduction reduction) {
    Random random = new Random(31);
    int n = 7, c = 5;
    double[] values = new double[n * c];
    for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian();
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) labels[i] = random.nextInt(c);
    Tensor target = Tensor.of(labels, n);
    Tensor plain = Tensor.of(values, n, c).requiresGrad_();
    Tensor weighted = Tensor.of(values, n, c).requiresGrad_();
    Tensor ones = Tensor.ones(DType.FLOAT64, c);
    Tensor a = Functional.nllLoss(plain.logSoftmax(1), target, null, -100, reduction);
    Tensor b = Functional.nllLoss(weighted.logSoftmax(1), target, ones, -100, reduction);
    assertArrayEquals(b.toDoubleArray(), a.toDoubleArray());
    a.sum().backward();
    b.sum().backward();
    assertArrayEquals(weighted.grad().toDoubleArray(), plain.grad().toDoubleArray());
  }
}
