package dev.dl.nn;

import static dev.dl.nn.TestUtil.assertClose;
import static dev.dl.nn.TestUtil.assertShape;
import static dev.dl.nn.TestUtil.randn64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RNN, LSTM and GRU against step-by-step references written with loops. */
class RecurrentTest {
  private final Random rnd = new Random(11);

  private static double sig(double v) { return 1 / (1 + Math.exp(-v)); }

  /** gates[g] = W_ih[g] x + b_ih[g] + W_hh[g] h + b_hh[g] for one sample (no hh part when hh is false). */
  private static double[] affine(double[] w, double[] b, double[] x, int rows, int cols) {
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = b == null ? 0 : b[r];
      for (int c = 0; c < cols; c++) s += w[r * cols + c] * x[c];
      out[r] = s;
    }
    return out;
  }

  private static double[] row(double[] a, int start, int len) { return java.util.Arrays.copyOfRange(a, start, start + len); }

  @Test
  void lstmMatchesReference() {
    int in = 3;
    int h = 4;
    LSTM lstm = new LSTM(in, h, 1);
    lstm.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 5, 2, in);
    Tensor h0 = randn64(rnd, 1, 2, h);
    Tensor c0 = randn64(rnd, 1, 2, h);
    RNNBase.Output out = lstm.forward(x, h0, c0);
    assertShape(out.output(), 5, 2, h);
    double[] wih = lstm.parameter("weight_ih_l0").tensor().toDoubleArray();
    double[] whh = lstm.parameter("weight_hh_l0").tensor().toDoubleArray();
    double[] bih = lstm.parameter("bias_ih_l0").tensor().toDoubleArray();
    double[] bhh = lstm.parameter("bias_hh_l0").tensor().toDoubleArray();
    double[] xs = x.toDoubleArray();
    double[] ref = new double[5 * 2 * h];
    double[] hn = new double[2 * h];
    double[] cn = new double[2 * h];
    for (int n = 0; n < 2; n++) {
      double[] hh = row(h0.toDoubleArray(), n * h, h);
      double[] cc = row(c0.toDoubleArray(), n * h, h);
      for (int t = 0; t < 5; t++) {
        double[] a = affine(wih, bih, row(xs, (t * 2 + n) * in, in), 4 * h, in);
        double[] b = affine(whh, bhh, hh, 4 * h, h);
        double[] nh = new double[h];
        for (int k = 0; k < h; k++) {
          double i = sig(a[k] + b[k]);
          double f = sig(a[h + k] + b[h + k]);
          double g = Math.tanh(a[2 * h + k] + b[2 * h + k]);
          double o = sig(a[3 * h + k] + b[3 * h + k]);
          cc[k] = f * cc[k] + i * g;
          nh[k] = o * Math.tanh(cc[k]);
        }
        hh = nh;
        System.arraycopy(hh, 0, ref, (t * 2 + n) * h, h);
      }
      System.arraycopy(hh, 0, hn, n * h, h);
      System.arraycopy(cc, 0, cn, n * h, h);
    }
    assertClose(ref, out.output(), 1e-10);
    assertClose(hn, out.hN(), 1e-10);
    assertClose(cn, out.cN(), 1e-10);
  }

  @Test
  void gruMatchesReference() {
    int in = 2;
    int h = 3;
    GRU gru = new GRU(in, h, 1);
    gru.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 4, 1, in);
    RNNBase.Output out = gru.forward(x);
    double[] wih = gru.parameter("weight_ih_l0").tensor().toDoubleArray();
    double[] whh = gru.parameter("weight_hh_l0").tensor().toDoubleArray();
    double[] bih = gru.parameter("bias_ih_l0").tensor().toDoubleArray();
    double[] bhh = gru.parameter("bias_hh_l0").tensor().toDoubleArray();
    double[] hh = new double[h];
    double[] ref = new double[4 * h];
    for (int t = 0; t < 4; t++) {
      double[] a = affine(wih, bih, row(x.toDoubleArray(), t * in, in), 3 * h, in);
      double[] b = affine(whh, bhh, hh, 3 * h, h);
      double[] nh = new double[h];
      for (int k = 0; k < h; k++) {
        double r = sig(a[k] + b[k]);
        double z = sig(a[h + k] + b[h + k]);
        double n = Math.tanh(a[2 * h + k] + r * b[2 * h + k]);
        nh[k] = (1 - z) * n + z * hh[k];
      }
      hh = nh;
      System.arraycopy(hh, 0, ref, t * h, h);
    }
    assertClose(ref, out.output(), 1e-10);
    assertClose(hh, out.hN(), 1e-10);
  }

  @Test
  void reluRnnBidirectionalTwoLayersShapesAndReverseDirection() {
    RNN rnn = new RNN(3, 4, 2, "relu", true, true, 0, true, null);
    rnn.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 2, 5, 3);   // batch first
    RNNBase.Output out = rnn.forward(x);
    assertShape(out.output(), 2, 5, 8);
    assertShape(out.hN(), 4, 2, 4);
    // The reverse direction of layer 0 on the time-flipped input equals a forward run of the same weights.
    RNN single = new RNN(3, 4, 1, "relu", true, true, 0, false, null);
    single.to(DType.FLOAT64);
    single.parameter("weight_ih_l0").copyFrom(rnn.parameter("weight_ih_l0_reverse").tensor());
    single.parameter("weight_hh_l0").copyFrom(rnn.parameter("weight_hh_l0_reverse").tensor());
    single.parameter("bias_ih_l0").copyFrom(rnn.parameter("bias_ih_l0_reverse").tensor());
    single.parameter("bias_hh_l0").copyFrom(rnn.parameter("bias_hh_l0_reverse").tensor());
    RNN firstLayer = new RNN(3, 4, 1, "relu", true, true, 0, true, null);
    firstLayer.to(DType.FLOAT64);
    firstLayer.loadStateDict(filterLayer0(rnn), true);
    Tensor reverseHalf = firstLayer.forward(x).output().narrow(2, 4, 4);
    Tensor flipped = single.forward(x.flip(1)).output().flip(1);
    assertClose(flipped.toDoubleArray(), reverseHalf, 1e-12);
  }

  private static java.util.Map<String, Tensor> filterLayer0(Module m) {
    java.util.Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    m.stateDict().forEach((k, v) -> {
      if (k.contains("_l0")) out.put(k, v);
    });
    return out;
  }

  @Test
  void unbatchedInput() {
    GRU gru = new GRU(3, 2, 1);
    RNNBase.Output out = gru.forward(Tensor.randn(6, 3));
    assertShape(out.output(), 6, 2);
    assertShape(out.hN(), 1, 2);
  }

  @Test
  void variableLengthsEqualSeparateRuns() {
    LSTM lstm = new LSTM(2, 3, 2, true, false, 0, true, null);
    lstm.to(DType.FLOAT64);
    long[] lengths = {2, 5, 3};
    Tensor x = randn64(rnd, 5, 3, 2);
    RNNBase.Output masked = lstm.forward(x, null, null, lengths);
    PackedSequence packed = PackedSequence.packPaddedSequence(x, lengths, false, false);
    assertArrayEquals(new long[] {3, 3, 2, 1, 1}, packed.batchSizes());
    RNNBase.PackedOutput po = lstm.forward(packed, null, null);
    PackedSequence.Padded unpacked = PackedSequence.padPackedSequence(po.output(), false, 0, -1);
    assertArrayEquals(lengths, unpacked.lengths());
    assertClose(masked.output().toDoubleArray(), unpacked.padded(), 1e-12);
    assertClose(masked.hN().toDoubleArray(), po.hN(), 1e-12);
    for (int n = 0; n < 3; n++) {
      int len = (int) lengths[n];
      RNNBase.Output alone = lstm.forward(x.narrow(1, n, 1).narrow(0, 0, len));
      assertClose(alone.output().toDoubleArray(), masked.output().narrow(1, n, 1).narrow(0, 0, len), 1e-12);
      if (len < 5) {
        assertClose(new double[(5 - len) * 6], masked.output().narrow(1, n, 1).narrow(0, len, 5 - len), 0);
      }
      assertClose(alone.hN().toDoubleArray(), masked.hN().narrow(1, n, 1), 1e-12);
      assertClose(alone.cN().toDoubleArray(), masked.cN().narrow(1, n, 1), 1e-12);
    }
  }

  @Test
  void packingRoundTripsAndChecksOrder() {
    Tensor x = Tensor.arange(0.0, 12.0, 1.0).reshape(3, 4, 1);   // batch first [3, 4, 1]
    long[] lengths = {4, 2, 3};
    PackedSequence p = PackedSequence.packPaddedSequence(x, lengths, true, false);
    assertClose(new double[] {0, 8, 4, 1, 9, 5, 2, 10, 3}, p.data(), 0);
    PackedSequence.Padded back = PackedSequence.padPackedSequence(p, true, -1, 5);
    assertShape(back.padded(), 3, 5, 1);
    assertClose(new double[] {0, 1, 2, 3, -1, 4, 5, -1, -1, -1, 8, 9, 10, -1, -1}, back.padded(), 0);
    assertThrows(IllegalArgumentException.class, () -> PackedSequence.packPaddedSequence(x, lengths, true, true));
    assertThrows(IllegalArgumentException.class, () -> PackedSequence.packPaddedSequence(x, new long[] {4, 0, 3}, true, false));
  }

  @Test
  void dropoutBetweenLayersOnlyInTraining() {
    GRU gru = new GRU(2, 3, 2, true, false, 0.5, false, new dev.dl.Generator(5));
    Tensor x = Tensor.randn(4, 2, 2);
    gru.eval();
    Tensor a = gru.forward(x).output();
    Tensor b = gru.forward(x).output();
    assertTrue(a.equal(b));
    gru.train();
    assertTrue(!gru.forward(x).output().equal(a), "training applies dropout between the layers");
  }

  @Test
  void badShapesAreClearErrors() {
    LSTM lstm = new LSTM(3, 4, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.randn(5, 2, 7)));
    assertTrue(e.getMessage().contains("input_size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.randn(5, 2, 3), Tensor.zeros(2, 2, 4), null));
  }
}
