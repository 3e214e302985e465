package dev.dl.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Backends;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import org.junit.jupiter.api.Test;

/**
 * End to end through the public Tensor API: a two-layer MLP trained by SGD with a hand-written
 * backward pass (matmul, relu, comparisons, reductions, in-place updates) gives the same losses on
 * opencl:0 as on the CPU backend. The data and initial weights come from the same Philox seed on
 * each device, so nothing but the kernels differs.
 */
class ManualGradientMlpTest {
  private static final int N = 64, IN = 10, HIDDEN = 33, STEPS = 40;
  private static final double LR = 0.05;

  @Test
  void trainsToTheSameLossesAsTheCpuBackend() {
    ClTestSupport.backend();
    Device opencl = Device.of("opencl:0");
    assertTrue(Backends.isAvailable(opencl), Backends.report());
    double[] cpu = train(Device.cpu());
    double[] cl = train(opencl);
    for (int i = 0; i < STEPS; i++) {
      assertEquals(cpu[i], cl[i], 1e-4 * Math.max(1, Math.abs(cpu[i])), "loss at step " + i);
    }
    assertTrue(cl[STEPS - 1] < 0.5 * cl[0], "the loss falls: " + cl[0] + " -> " + cl[STEPS - 1]);
  }

  private static double[] train(Device device) {
    Generator g = new Generator(2024);
    Tensor x = Tensor.randn(Shape.of(N, IN), DType.FLOAT32, device, g);
    Tensor trueW = Tensor.randn(Shape.of(IN, 1), DType.FLOAT32, device, g);
    Tensor y = x.matmul(trueW).sin();
    Tensor w1 = Tensor.randn(Shape.of(IN, HIDDEN), DType.FLOAT32, device, g).mul(0.3);
    Tensor b1 = Tensor.zeros(Shape.of(HIDDEN), DType.FLOAT32, device);
    Tensor w2 = Tensor.randn(Shape.of(HIDDEN, 1), DType.FLOAT32, device, g).mul(0.3);
    Tensor b2 = Tensor.zeros(Shape.of(1), DType.FLOAT32, device);
    double[] losses = new double[STEPS];
    for (int step = 0; step < STEPS; step++) {
      Tensor z = x.matmul(w1).add(b1);
      Tensor h = z.relu();
      Tensor pred = h.matmul(w2).add(b2);
      Tensor err = pred.sub(y);
      losses[step] = err.square().mean().item();
      // d(mean(err^2))/d(pred) = 2 err / N, then back through both layers.
      Tensor dPred = err.mul(2.0 / N);
      Tensor dW2 = h.t().matmul(dPred);
      Tensor dB2 = dPred.sum(0);
      Tensor dZ = dPred.matmul(w2.t()).mul(z.gt(0).to(DType.FLOAT32));
      Tensor dW1 = x.t().matmul(dZ);
      Tensor dB1 = dZ.sum(0);
      w1.sub_(dW1, LR);
      b1.sub_(dB1, LR);
      w2.sub_(dW2, LR);
      b2.sub_(dB2, LR);
    }
    return losses;
  }
}
