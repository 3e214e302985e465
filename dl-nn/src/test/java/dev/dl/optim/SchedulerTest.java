package dev.dl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Tensor;
import dev.dl.nn.ClipGrad;
import dev.dl.nn.Linear;
import dev.dl.nn.Parameter;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Learning-rate sequences against values worked out from PyTorch's definitions. */
class SchedulerTest {
  private static SGD sgd(double lr) { return new SGD(List.of(new Parameter(Tensor.zeros(1))), lr, 0.9, 0, 0, false, false); }

  /** The rate at epochs 0..n-1 (epoch 0 is right after construction). */
  private static double[] lrs(Function<SGD, Runnable> makeStep, SGD opt, int n) {
    Runnable step = makeStep.apply(opt);
    double[] out = new double[n];
    for (int e = 0; e < n; e++) {
      out[e] = opt.paramGroups().get(0).lr();
      step.run();
    }
    return out;
  }

  @Test
  void stepMultiStepExponential() {
    assertArrayEquals(new double[] {1, 1, .5, .5, .25, .25}, lrs(o -> new StepLR(o, 2, 0.5)::step, sgd(1), 6), 1e-12);
    assertArrayEquals(new double[] {1, 1, .1, .1, .01, .01}, lrs(o -> new MultiStepLR(o, new int[] {4, 2}, 0.1)::step, sgd(1), 6), 1e-12);
    assertArrayEquals(new double[] {1, .9, .81, .729}, lrs(o -> new ExponentialLR(o, 0.9)::step, sgd(1), 4), 1e-12);
  }

  @Test
  void cosineAnnealingFollowsTheClosedFormAcrossPeriods() {
    double[] got = lrs(o -> new CosineAnnealingLR(o, 4, 0.1)::step, sgd(1), 12);
    for (int e = 0; e < 12; e++) assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * e / 4)) / 2, got[e], 1e-12, "epoch " + e);
  }

  @Test
  void linearWarmup() {
    assertArrayEquals(new double[] {.25, .5, .75, 1, 1}, lrs(o -> new LinearLR(o, 0.25, 1, 3)::step, sgd(1), 5), 1e-12);
  }

  @Test
  void oneCycle() {
    SGD opt = sgd(123);
    double[] got = lrs(o -> new OneCycleLR(o, 1.0, 10)::step, opt, 10);
    double min = 0.04 / 1e4;
    assertEquals(0.04, got[0], 1e-12);
    assertEquals(0.52, got[1], 1e-12);
    assertEquals(1.0, got[2], 1e-12);
    assertEquals(min + (1 - min) / 2 * (Math.cos(3 * Math.PI / 7) + 1), got[5], 1e-12);
    assertEquals(min, got[9], 1e-12);
    // Momentum moves opposite to the rate: lowest (0.85) at the peak.
    SGD o2 = sgd(1);
    OneCycleLR s = new OneCycleLR(o2, 1.0, 10);
    assertEquals(0.95, o2.paramGroups().get(0).getDouble("momentum"), 1e-12);
    s.step();
    s.step();
    assertEquals(0.85, o2.paramGroups().get(0).getDouble("momentum"), 1e-12);
    Adam adam = new Adam(List.of(new Parameter(Tensor.zeros(1))), 0.1);
    new OneCycleLR(adam, 1.0, 10);
    assertEquals(0.95, adam.paramGroups().get(0).getDoubles("betas")[0], 1e-12);
  }

  @Test
  void reduceOnPlateau() {
    SGD opt = sgd(1);
    ReduceLROnPlateau s = new ReduceLROnPlateau(opt, "min", 0.5, 2, 1e-4, "rel", 1, 0.2, 1e-8);
    double[] metrics = {1, .9, .95, .95, .95, .95, .95, .95, .95, .95};
    double[] expected = {1, 1, 1, 1, .5, .5, .5, .5, .25, .25};
    for (int e = 0; e < metrics.length; e++) {
      s.step(metrics[e]);
      assertEquals(expected[e], opt.paramGroups().get(0).lr(), 1e-12, "after epoch " + e);
    }
    for (int e = 0; e < 10; e++) s.step(1);
    assertEquals(0.2, opt.paramGroups().get(0).lr(), 1e-12, "min_lr bounds the cuts");
  }

  @Test
  void sequentialWarmupThenDecay() {
    SGD opt = sgd(1);
    SequentialLR s = new SequentialLR(opt, List.of(new LinearLR(opt, 0.1, 1, 2), new ExponentialLR(opt, 0.5)), new int[] {3});
    double[] got = lrs(o -> s::step, opt, 6);
    assertArrayEquals(new double[] {.1, .55, 1, 1, .5, .25}, got, 1e-12);
  }

  @Test
  void chainedSchedulersCompose() {
    SGD opt = sgd(1);
    ChainedScheduler c = new ChainedScheduler(List.of(new LinearLR(opt, 0.5, 1, 2), new ExponentialLR(opt, 0.9)));
    assertArrayEquals(new double[] {.5, .675, .81, .729}, lrs(o -> c::step, opt, 4), 1e-12);
  }

  @Test
  void schedulerStateDictResumes() {
    SGD a = sgd(1);
    StepLR s1 = new StepLR(a, 2, 0.5);
    for (int i = 0; i < 3; i++) s1.step();
    SGD b = sgd(1);
    StepLR s2 = new StepLR(b, 2, 0.5);
    s2.loadStateDict(s1.stateDict());
    b.paramGroups().get(0).setLr(a.paramGroups().get(0).lr());
    for (int i = 0; i < 3; i++) {
      s1.step();
      s2.step();
      assertEquals(a.paramGroups().get(0).lr(), b.paramGroups().get(0).lr(), 0.0);
    }
    assertThrows(IllegalArgumentException.class, () -> s2.loadStateDict(java.util.Map.of("last_epoch", 1.0)));
  }

  @Test
  void clipGradNormAndValue() {
    Parameter p = new Parameter(Tensor.zeros(2).to(dev.dl.DType.FLOAT64));
    Parameter q = new Parameter(Tensor.zeros(1).to(dev.dl.DType.FLOAT64));
    p.setGrad(Tensor.of(new double[] {3, 0}, 2));
    q.setGrad(Tensor.of(new double[] {4}, 1));
    double norm = ClipGrad.clipGradNorm_(List.of(p, q), 1.0);
    assertEquals(5.0, norm, 1e-12);
    double coef = 1.0 / (5 + 1e-6);
    assertArrayEquals(new double[] {3 * coef, 0}, p.grad().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {4 * coef}, q.grad().toDoubleArray(), 1e-12);
    assertEquals(4.0 * coef, ClipGrad.clipGradNorm_(List.of(p, q), 10, Double.POSITIVE_INFINITY, false), 1e-12);
    p.setGrad(Tensor.of(new double[] {Double.NaN, 1}, 2));
    assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm_(List.of(p), 1, 2, true));
    p.setGrad(Tensor.of(new double[] {-3, 0.5}, 2));
    ClipGrad.clipGradValue_(List.of(p), 1);
    assertArrayEquals(new double[] {-1, 0.5}, p.grad().toDoubleArray(), 0);
  }

  @Test
  void earlyStoppingRestoresBestWeights() {
    Linear model = new Linear(2, 1);
    EarlyStopping es = new EarlyStopping(2, 0.01, "min", true);
    double[] losses = {1.0, 0.5, 0.495, 0.6, 0.7};
    Tensor bestWeight = null;
    boolean stopped = false;
    for (int e = 0; e < losses.length && !stopped; e++) {
      model.weight.copyFrom(Tensor.fullLike(model.weight.tensor(), e));
      if (e == 1) bestWeight = model.weight.tensor().clone();
      stopped = es.step(losses[e], model);
      if (e < 4) assertFalse(stopped, "epoch " + e);
    }
    assertTrue(stopped);
    assertEquals(1, es.bestEpoch());
    assertTrue(model.weight.tensor().equal(bestWeight), "best weights (epoch 1) are restored");
  }
}
