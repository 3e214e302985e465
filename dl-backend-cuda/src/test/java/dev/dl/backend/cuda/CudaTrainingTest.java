package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * End to end on the GPU through the public Tensor API only: logistic regression on a linearly
 * separable synthetic set, gradients written out by hand (backends may not depend on dl-autograd),
 * trained with full-batch gradient descent to 97% accuracy. Skipped without a usable device.
 */
class CudaTrainingTest {
  @Test
  void logisticRegressionTrainsOnTheGpu() {
    Optional<String> skip = CudaTestDevice.skipReason();
    assumeTrue(skip.isEmpty(), () -> skip.orElse(""));
    Device cuda = Device.of("cuda:0");
    Generator g = new Generator(7);
    int n = 2048, features = 13;
    Tensor x = Tensor.randn(Shape.of(n, features), DType.FLOAT32, cuda, g);
    Tensor trueW = Tensor.randn(Shape.of(features, 1), DType.FLOAT32, cuda, g);
    Tensor y = x.matmul(trueW).gt(0).toFloat();
    Tensor w = Tensor.zeros(Shape.of(features, 1), DType.FLOAT32, cuda);
    double firstLoss = Double.NaN, loss = Double.NaN;
    for (int step = 0; step < 300; step++) {
      Tensor p = x.matmul(w).sigmoid();
      // Binary cross-entropy and its gradient X^T (p - y) / n.
      loss = -(y.mul(p.add(1e-7).log()).add(y.rsub(1).mul(p.rsub(1).add(1e-7).log()))).mean().item();
      if (step == 0) firstLoss = loss;
      w = w.sub(x.t().matmul(p.sub(y)).div(n).mul(2.0));
    }
    double accuracy = x.matmul(w).gt(0).toFloat().eq(y).toFloat().mean().item();
    assertEquals(cuda, w.device());
    assertTrue(loss < firstLoss / 3, "loss went from " + firstLoss + " to " + loss);
    assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
  }
}
