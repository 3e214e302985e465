package dev.dl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.optim.Adam;
import dev.dl.optim.SGD;
import org.junit.jupiter.api.Test;

/** Small end-to-end problems that a working stack must learn. */
class TrainingTest {
  @Test
  void mlpLearnsXor() {
    Generator.manualSeed(0);
    Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
    Sequential mlp = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
    Adam opt = new Adam(mlp.parameters(), 0.05);
    BCEWithLogitsLoss lossFn = new BCEWithLogitsLoss();
    double loss = Double.NaN;
    for (int step = 0; step < 400; step++) {
      opt.zeroGrad();
      Tensor l = lossFn.forward(mlp.apply(x), y);
      l.backward();
      opt.step();
      loss = l.item();
    }
    assertTrue(loss < 0.05, "XOR loss should fall below 0.05, got " + loss);
    try (var scope = GradMode.noGrad()) {
      float[] p = mlp.apply(x).sigmoid().toFloatArray();
      assertTrue(p[0] < 0.5 && p[1] > 0.5 && p[2] > 0.5 && p[3] < 0.5, java.util.Arrays.toString(p));
    }
  }

  @Test
  void linearlySeparableSetIsClassifiedPerfectly() {
    Generator g = new Generator(5);
    Generator.manualSeed(5);
    Tensor x = Tensor.randn(g, 200, 2);
    // Label by a fixed line with a margin so the set is separable.
    Tensor score = x.select(1, 0).mul(2).sub(x.select(1, 1)).add(0.3);
    Tensor keep = score.abs().gt(0.2);
    x = x.index(keep);
    Tensor labels = score.index(keep).gt(0).to(dev.dl.DType.INT64);
    Linear clf = new Linear(2, 2);
    SGD opt = new SGD(clf.parameters(), 0.5, 0.9, 0, 0, false, false);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    for (int step = 0; step < 200; step++) {
      opt.zeroGrad();
      lossFn.forward(clf.apply(x), labels).backward();
      opt.step();
    }
    try (var scope = GradMode.noGrad()) {
      Tensor pred = clf.apply(x).argmax(1, false);
      assertEquals(labels.numel(), pred.eq(labels).sum().itemLong(), "every point is classified correctly");
    }
  }
}
