package dev.dl.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.nn.Embedding;
import dev.dl.nn.LSTM;
import dev.dl.nn.Linear;
import dev.dl.nn.Parameter;
import org.junit.jupiter.api.Test;

class InitTest {
  private static Tensor big() { return Tensor.empty(Shape.of(200, 300), DType.FLOAT64, Device.defaultDevice()); }

  @Test
  void gains() {
    assertEquals(1.0, Init.calculateGain("linear"));
    assertEquals(1.0, Init.calculateGain("sigmoid"));
    assertEquals(5.0 / 3, Init.calculateGain("tanh"));
    assertEquals(Math.sqrt(2), Init.calculateGain("relu"));
    assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain("leaky_relu"));
    assertEquals(Math.sqrt(2 / 6.0), Init.calculateGain("leaky_relu", Math.sqrt(5)), 1e-15);
    assertEquals(0.75, Init.calculateGain("selu"));
    assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
  }

  @Test
  void fans() {
    assertEquals(new Init.Fans(3 * 5 * 5, 16 * 5 * 5), Init.fans(Tensor.empty(16, 3, 5, 5)));
    assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.empty(4)));
  }

  @Test
  void distributionsHaveTheirBoundsAndSpread() {
    Generator g = new Generator(1);
    Tensor t = Init.uniform_(big(), -0.5, 2, g);
    assertTrue(t.min().item() >= -0.5 && t.max().item() < 2);
    assertEquals(0.75, t.mean().item(), 0.02);
    Init.normal_(t, 3, 0.5, g);
    assertEquals(3, t.mean().item(), 0.01);
    assertEquals(0.5, t.std().item(), 0.01);
    double xb = Math.sqrt(6.0 / 500);
    Init.xavierUniform_(t, 1, g);
    assertTrue(t.abs().max().item() <= xb);
    assertEquals(xb / Math.sqrt(3), t.std().item(), 0.01 * xb);
    Init.xavierNormal_(t, 2, g);
    assertEquals(2 * Math.sqrt(2.0 / 500), t.std().item(), 0.02 * Math.sqrt(2.0 / 500) * 2);
    Init.kaimingUniform_(t, 0, Init.FanMode.FAN_OUT, "relu", g);
    double kb = Math.sqrt(2) * Math.sqrt(3.0 / 200);
    assertTrue(t.abs().max().item() <= kb);
    Init.kaimingNormal_(t, 0, Init.FanMode.FAN_IN, "relu", g);
    assertEquals(Math.sqrt(2.0 / 300), t.std().item(), 0.02 * Math.sqrt(2.0 / 300));
    Init.constant_(t, 0.25);
    assertEquals(0.25 * t.numel(), t.sum().item(), 1e-9);
  }

  @Test
  void orthogonalRowsOrColumns() {
    Generator g = new Generator(2);
    for (int[] shape : new int[][] {{5, 3}, {3, 5}, {4, 2, 2}}) {
      Tensor q = Init.orthogonal_(Tensor.empty(Shape.of(shape), DType.FLOAT64, Device.defaultDevice()), 2, g);
      Tensor m = q.reshape(shape[0], -1);
      Tensor gram = m.size(0) <= m.size(1) ? m.matmul(m.t()) : m.t().matmul(m);
      int n = Math.min(m.size(0), m.size(1));
      assertTrue(gram.allclose(Tensor.eye(n, n, DType.FLOAT64, Device.defaultDevice()).mul(4), 1e-9, 1e-9), gram.toString());
    }
  }

  @Test
  void sameGeneratorSameWeights() {
    Linear a = new Linear(4, 3);
    Linear b = new Linear(4, 3);
    a.resetParameters(new Generator(9));
    b.resetParameters(new Generator(9));
    assertArrayEquals(a.weight.tensor().toFloatArray(), b.weight.tensor().toFloatArray());
    Generator.manualSeed(11);
    Linear c = new Linear(4, 3);
    Generator.manualSeed(11);
    Linear d = new Linear(4, 3);
    assertArrayEquals(c.bias.tensor().toFloatArray(), d.bias.tensor().toFloatArray());
  }

  @Test
  void layerDefaults() {
    LSTM lstm = new LSTM(10, 25, 1);
    for (Parameter p : lstm.parameters()) assertTrue(p.tensor().abs().max().item() <= 1 / Math.sqrt(25));
    Embedding e = new Embedding(500, 40);
    assertEquals(1.0, e.weight.tensor().std().item(), 0.03);
    assertEquals(0.0, e.weight.tensor().mean().item(), 0.03);
  }
}
