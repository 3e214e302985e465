package dev.dl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Tensor;
import dev.dl.nn.Linear;
import dev.dl.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The first steps of every optimizer on the fixed problem {@code L = 0.5 * sum(a_i p_i^2)}
 * (gradient {@code a_i p_i}), against scalar re-derivations of PyTorch's update formulas.
 */
class OptimizerTest {
  private static final double[] A = {1.0, 4.0, 0.5};
  private static final double[] P0 = {1.0, -2.0, 3.0};

  /** Runs {@code steps} optimizer steps with gradients from autograd; returns the parameter after each step. */
  private static double[][] run(Function<List<Parameter>, Optimizer> make, int steps) {
    Parameter p = new Parameter(Tensor.of(P0.clone(), 3));
    Optimizer opt = make.apply(List.of(p));
    Tensor a = Tensor.of(A, 3);
    double[][] out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      p.tensor().mul(p.tensor()).mul(a).sum().mul(0.5).backward();
      opt.step();
      out[s] = p.tensor().toDoubleArray();
    }
    return out;
  }

  private interface ScalarRule {
    /** Updates p (and state) for one element given its gradient; returns the new p. */
    double step(int i, double p, double g, int t);
  }

  private static double[][] reference(ScalarRule rule, int steps) {
    double[] p = P0.clone();
    double[][] out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < 3; i++) p[i] = rule.step(i, p[i], A[i] * p[i], s + 1);
      out[s] = p.clone();
    }
    return out;
  }

  private static void assertSteps(double[][] expected, double[][] actual) {
    for (int s = 0; s < expected.length; s++) assertArrayEquals(expected[s], actual[s], 1e-12, "step " + (s + 1));
  }

  @Test
  void sgdPlainFirstStepByHand() {
    double[][] r = run(ps -> new SGD(ps, 0.1), 1);
    // p - 0.1 * a p
    assertArrayEquals(new double[] {0.9, -1.2, 2.85}, r[0], 1e-12);
  }

  @Test
  void sgdMomentumDampeningWeightDecay() {
    double lr = 0.1, mom = 0.9, damp = 0.2, wd = 0.01;
    double[] buf = new double[3];
    assertSteps(reference((i, p, g, t) -> {
      double d = g + wd * p;
      buf[i] = t == 1 ? d : mom * buf[i] + (1 - damp) * d;
      return p - lr * buf[i];
    }, 4), run(ps -> new SGD(ps, lr, mom, damp, wd, false, false), 4));
  }

  @Test
  void sgdNesterovAndMaximize() {
    double lr = 0.05, mom = 0.8;
    double[] buf = new double[3];
    assertSteps(reference((i, p, g, t) -> {
      double d = -g;
      buf[i] = t == 1 ? d : mom * buf[i] + d;
      return p - lr * (d + mom * buf[i]);
    }, 4), run(ps -> new SGD(ps, lr, mom, 0, 0, true, true), 4));
    assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.1, 0, 0, 0, true, false));
  }

  @Test
  void adamFirstStepIsSignedLearningRate() {
    double[][] r = run(ps -> new Adam(ps, 0.1), 1);
    // m_hat = g, v_hat = g^2: the first step is lr * g / (|g| + eps).
    for (int i = 0; i < 3; i++) {
      double g = A[i] * P0[i];
      assertEquals(P0[i] - 0.1 * g / (Math.abs(g) + 1e-8), r[0][i], 1e-12);
    }
  }

  private static ScalarRule adamRule(double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
    double[] m = new double[3];
    double[] v = new double[3];
    double[] vmax = new double[3];
    return (i, p, g, t) -> {
      if (decoupled) p = p * (1 - lr * wd); else g = g + wd * p;
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      vmax[i] = Math.max(vmax[i], v[i]);
      double vh = (amsgrad ? vmax[i] : v[i]);
      double denom = Math.sqrt(vh) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
      return p - lr / (1 - Math.pow(b1, t)) * m[i] / denom;
    };
  }

  @Test
  void adamWithWeightDecayAndAmsgrad() {
    assertSteps(reference(adamRule(0.05, 0.8, 0.9, 1e-6, 0.1, false, false), 5),
        run(ps -> new Adam(ps, 0.05, 0.8, 0.9, 1e-6, 0.1, false, false), 5));
    assertSteps(reference(adamRule(0.05, 0.8, 0.9, 1e-6, 0, true, false), 5),
        run(ps -> new Adam(ps, 0.05, 0.8, 0.9, 1e-6, 0, true, false), 5));
  }

  @Test
  void adamWDecouplesWeightDecay() {
    assertSteps(reference(adamRule(0.05, 0.9, 0.999, 1e-8, 0.01, false, true), 5), run(ps -> new AdamW(ps, 0.05), 5));
  }

  @Test
  void rmspropPlainCenteredMomentum() {
    double lr = 0.01, alpha = 0.9, eps = 1e-8;
    double[] sq = new double[3];
    assertSteps(reference((i, p, g, t) -> {
      sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
      return p - lr * g / (Math.sqrt(sq[i]) + eps);
    }, 4), run(ps -> new RMSprop(ps, lr, alpha, eps, 0, 0, false, false), 4));
    double[] sq2 = new double[3];
    double[] ga = new double[3];
    double[] buf = new double[3];
    assertSteps(reference((i, p, g, t) -> {
      g = g + 0.1 * p;
      sq2[i] = alpha * sq2[i] + (1 - alpha) * g * g;
      ga[i] = alpha * ga[i] + (1 - alpha) * g;
      double avg = Math.sqrt(sq2[i] - ga[i] * ga[i]) + eps;
      buf[i] = 0.5 * buf[i] + g / avg;
      return p - lr * buf[i];
    }, 4), run(ps -> new RMSprop(ps, lr, alpha, eps, 0.1, 0.5, true, false), 4));
  }

  @Test
  void adagradWithDecay() {
    double lr = 0.1, decay = 0.05, init = 0.2, eps = 1e-10;
    double[] sum = {init, init, init};
    assertSteps(reference((i, p, g, t) -> {
      sum[i] += g * g;
      double clr = lr / (1 + (t - 1) * decay);
      return p - clr * g / (Math.sqrt(sum[i]) + eps);
    }, 4), run(ps -> new Adagrad(ps, lr, decay, 0, init, eps, false), 4));
  }

  @Test
  void paramGroupsHaveTheirOwnOptions() {
    Linear a = new Linear(2, 2);
    Linear b = new Linear(2, 2);
    SGD opt = new SGD(List.of(new ParamGroup(a.parameters()), new ParamGroup(b.parameters(), Map.of("lr", 0.5, "momentum", 0.9))),
        0.1, 0, 0, 0, false, false);
    assertEquals(0.1, opt.paramGroups().get(0).lr());
    assertEquals(0.5, opt.paramGroups().get(1).lr());
    assertEquals(0.9, opt.paramGroups().get(1).getDouble("momentum"));
    assertEquals(0.0, opt.paramGroups().get(0).getDouble("momentum"));
    assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(new ParamGroup(a.parameters())));
    Tensor before = b.weight.tensor().clone();
    b.weight.setGrad(Tensor.onesLike(b.weight.tensor()));
    opt.step();
    assertTrue(b.weight.tensor().allclose(before.sub(0.5), 1e-6, 1e-6));
    assertNull(a.weight.grad());
  }

  @Test
  void zeroGradSetsToNone() {
    Parameter p = new Parameter(Tensor.ones(2));
    SGD opt = new SGD(List.of(p), 0.1);
    p.tensor().sum().backward();
    opt.zeroGrad(false);
    assertEquals(0.0, p.grad().sum().item());
    opt.zeroGrad();
    assertNull(p.grad());
  }

  @Test
  void stateDictRoundTripContinuesIdentically() {
    double[][] straight = run(ps -> new Adam(ps, 0.05, 0.8, 0.9, 1e-6, 0, true, false), 6);
    Parameter p = new Parameter(Tensor.of(P0.clone(), 3));
    Adam opt = new Adam(List.of(p), 0.05, 0.8, 0.9, 1e-6, 0, true, false);
    Tensor a = Tensor.of(A, 3);
    for (int s = 0; s < 3; s++) {
      opt.zeroGrad();
      p.tensor().mul(p.tensor()).mul(a).sum().mul(0.5).backward();
      opt.step();
    }
    Optimizer.StateDict sd = opt.stateDict();
    assertEquals(3.0, sd.state().get(0).get("step").item());
    Parameter q = new Parameter(p.tensor().clone());
    Adam resumed = new Adam(List.of(q), 0.5, 0.1, 0.1, 1, 0, false, false);
    resumed.loadStateDict(sd);
    assertEquals(0.05, resumed.paramGroups().get(0).lr());
    for (int s = 3; s < 6; s++) {
      resumed.zeroGrad();
      q.tensor().mul(q.tensor()).mul(a).sum().mul(0.5).backward();
      resumed.step();
      assertArrayEquals(straight[s], q.tensor().toDoubleArray(), 0.0, "step " + (s + 1));
    }
    Adam wrong = new Adam(List.of(new Parameter(Tensor.zeros(4).to(dev.dl.DType.FLOAT64))), 0.1);
    assertThrows(IllegalArgumentException.class, () -> wrong.loadStateDict(sd));
  }

  @Test
  void invalidHyperParametersAreRejected() {
    List<Parameter> ps = List.of(new Parameter(Tensor.zeros(1)));
    assertThrows(IllegalArgumentException.class, () -> new SGD(ps, -1));
    assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.9, 1e-8, 0, false, false));
    assertThrows(IllegalArgumentException.class, () -> new RMSprop(ps, 0.1, -0.1, 1e-8, 0, 0, false, false));
    assertThrows(IllegalArgumentException.class, () -> new Adagrad(ps, 0.1, -1, 0, 0, 1e-10, false));
    assertThrows(IllegalArgumentException.class, () -> new SGD(List.<Parameter>of(), 0.1));
  }
}
