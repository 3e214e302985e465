package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Tensor;
import org.junit.jupiter.api.Test;

/** Anomaly mode: non-finite gradients are reported with the op and where it was created. */
class AnomalyTest {
  @Test
  void nanInBackwardNamesTheOpAndWhereItWasCreated() {
    Tensor x = Tensor.of(new double[] {0, 1}, 2).requiresGrad_();
    IllegalStateException e;
    try (var _ = Autograd.detectAnomaly()) {
      assertTrue(Autograd.isAnomalyEnabled());
      Tensor y = x.sqrt().mul(0).sum(); // sqrt'(0) = inf, times 0 = nan
      e = assertThrows(IllegalStateException.class, y::backward);
    }
    assertFalse(Autograd.isAnomalyEnabled());
    assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned nan values in its 0th output"),
        e.getMessage());
    assertTrue(e.getMessage().contains("AnomalyTest.nanInBackwardNamesTheOpAndWhereItWasCreated"), e.getMessage());
  }

  @Test
  void infinityIsReportedToo() {
    Tensor x = Tensor.of(new double[] {0, 1}, 2).requiresGrad_();
    Autograd.setDetectAnomaly(true);
    try {
      Tensor y = x.sqrt().sum();
      IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
      assertTrue(e.getMessage().contains("SqrtBackward0' returned inf values"), e.getMessage());
    } finally {
      Autograd.setDetectAnomaly(false);
    }
  }

  @Test
  void withoutAnomalyModeTheNanSimplyFlowsIntoGrad() {
    Tensor x = Tensor.of(new double[] {0, 1}, 2).requiresGrad_();
    x.sqrt().mul(0).sum().backward();
    assertTrue(Double.isNaN(x.grad().toDoubleArray()[0]));
  }
}
