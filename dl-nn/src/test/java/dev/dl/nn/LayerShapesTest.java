package dev.dl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter names and shapes equal PyTorch's for the same configuration. */
class LayerShapesTest {
  private static Map<String, Shape> shapes(Module m) {
    Map<String, Shape> out = new LinkedHashMap<>();
    m.stateDict().forEach((k, v) -> out.put(k, v.shape()));
    return out;
  }

  private static Map<String, Shape> expect(Object... kv) {
    Map<String, Shape> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], Shape.of((int[]) kv[i + 1]));
    return out;
  }

  private static int[] s(int... d) { return d; }

  @Test
  void linearAndConv() {
    assertEquals(expect("weight", s(20, 10), "bias", s(20)), shapes(new Linear(10, 20)));
    assertEquals(expect("weight", s(20, 10)), shapes(new Linear(10, 20, false)));
    assertEquals(expect("weight", s(3, 5, 4), "bias", s(3)), shapes(new Bilinear(5, 4, 3)));
    assertEquals(expect("weight", s(8, 2, 3), "bias", s(8)), shapes(new Conv1d(4, 8, 3, 1, 0, 1, 2, true)));
    assertEquals(expect("weight", s(16, 3, 5, 3), "bias", s(16)),
        shapes(new Conv2d(3, 16, s(5, 3), s(1, 1), s(0, 0), s(1, 1), 1, true)));
    assertEquals(expect("weight", s(6, 2, 3, 3)), shapes(new Conv2d(4, 6, s(3, 3), s(1, 1), s(0, 0), s(1, 1), 2, false)));
    assertEquals(expect("weight", s(4, 3, 3, 3), "bias", s(6)),
        shapes(new ConvTranspose2d(4, 6, s(3, 3), s(2, 2), s(1, 1), s(1, 1), 2, true, s(1, 1))));
  }

  @Test
  void norms() {
    assertEquals(expect("weight", s(4), "bias", s(4), "running_mean", s(4), "running_var", s(4), "num_batches_tracked", s()),
        shapes(new BatchNorm2d(4)));
    assertEquals(expect(), shapes(new BatchNorm1d(4, 1e-5, 0.1, false, false)));
    assertEquals(expect("weight", s(3, 4), "bias", s(3, 4)), shapes(new LayerNorm(3, 4)));
    assertEquals(expect("weight", s(6), "bias", s(6)), shapes(new GroupNorm(2, 6)));
    assertEquals(expect("weight", s(10, 3)), shapes(new Embedding(10, 3)));
  }

  @Test
  void lstmTwoLayers() {
    assertEquals(expect(
        "weight_ih_l0", s(80, 10), "weight_hh_l0", s(80, 20), "bias_ih_l0", s(80), "bias_hh_l0", s(80),
        "weight_ih_l1", s(80, 20), "weight_hh_l1", s(80, 20), "bias_ih_l1", s(80), "bias_hh_l1", s(80)),
        shapes(new LSTM(10, 20, 2)));
  }

  @Test
  void bidirectionalGruAddsReverse() {
    assertEquals(expect(
        "weight_ih_l0", s(15, 4), "weight_hh_l0", s(15, 5), "bias_ih_l0", s(15), "bias_hh_l0", s(15),
        "weight_ih_l0_reverse", s(15, 4), "weight_hh_l0_reverse", s(15, 5), "bias_ih_l0_reverse", s(15), "bias_hh_l0_reverse", s(15),
        "weight_ih_l1", s(15, 10), "weight_hh_l1", s(15, 5), "bias_ih_l1", s(15), "bias_hh_l1", s(15),
        "weight_ih_l1_reverse", s(15, 10), "weight_hh_l1_reverse", s(15, 5), "bias_ih_l1_reverse", s(15), "bias_hh_l1_reverse", s(15)),
        shapes(new GRU(4, 5, 2, true, false, 0, true, null)));
  }

  @Test
  void rnnWithoutBias() {
    assertEquals(expect("weight_ih_l0", s(7, 3), "weight_hh_l0", s(7, 7)),
        shapes(new RNN(3, 7, 1, "relu", false, false, 0, false, null)));
  }
}
