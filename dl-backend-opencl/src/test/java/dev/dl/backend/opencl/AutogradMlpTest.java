package dev.dl.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end with dl-autograd: a small classifier (linear, GELU, linear, log-softmax, NLL through
 * gather) trained by SGD with {@code backward()} gives the same losses on opencl:0 as on the CPU
 * backend. The backward pass runs on whichever device the forward ran on.
 */
class AutogradMlpTest {
  private static final int N = 48, IN = 12, HIDDEN = 24, CLASSES = 5, STEPS = 30;
  private static final double LR = 0.2;

  @Test
  void trainsToTheSameLossesAsTheCpuBackend() {
    ClTestSupport.backend();
    double[] cpu = train(Device.cpu());
    double[] cl = train(Device.of("opencl:0"));
    for (int i = 0; i < STEPS; i++) {
      assertEquals(cpu[i], cl[i], 1e-4 * Math.max(1, Math.abs(cpu[i])), "loss at step " + i);
    }
    assertTrue(cl[STEPS - 1] < 0.7 * cl[0], "the loss falls: " + cl[0] + " -> " + cl[STEPS - 1]);
  }

  private static double[] train(Device device) {
    Generator g = new Generator(7);
    Tensor x = Tensor.randn(Shape.of(N, IN), DType.FLOAT32, device, g);
    Tensor labels = x.matmul(Tensor.randn(Shape.of(IN, CLASSES), DType.FLOAT32, device, g)).argmax(1, true);
    Tensor w1 = Tensor.randn(Shape.of(IN, HIDDEN), DType.FLOAT32, device, g).mul(0.3).requiresGrad_();
    Tensor b1 = Tensor.zeros(Shape.of(HIDDEN), DType.FLOAT32, device).requiresGrad_();
    Tensor w2 = Tensor.randn(Shape.of(HIDDEN, CLASSES), DType.FLOAT32, device, g).mul(0.3).requiresGrad_();
    Tensor b2 = Tensor.zeros(Shape.of(CLASSES), DType.FLOAT32, device).requiresGrad_();
    List<Tensor> params = List.of(w1, b1, w2, b2);
    double[] losses = new double[STEPS];
    for (int step = 0; step < STEPS; step++) {
      Tensor logits = x.matmul(w1).add(b1).gelu().matmul(w2).add(b2);
      Tensor loss = logits.logSoftmax(1).gather(1, labels).mean().neg();
      losses[step] = loss.item();
      loss.backward();
      try (var noGrad = GradMode.noGrad()) {
        for (Tensor p : params) {
          p.sub_(p.grad(), LR);
          p.grad().zero_();
        }
      }
    }
    return losses;
  }
}
