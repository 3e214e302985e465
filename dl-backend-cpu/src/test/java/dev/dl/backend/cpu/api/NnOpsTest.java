package dev.dl.backend.cpu.api;

import dev.dl.*;

import static dev.dl.backend.cpu.api.Checks.assertError;
import static dev.dl.backend.cpu.api.Checks.assertValues;
import static dev.dl.backend.cpu.api.Checks.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NnOpsTest {
  /** Direct convolution in double, the way the definition reads. */
  private static double[] naiveConv(double[] x, int n, int c, int h, int w, double[] wt, int o, int kh, int kw,
      double[] bias, int s, int p, int d, int groups, int oh, int ow) {
    int cg = c / groups, og = o / groups;
    double[] out = new double[n * o * oh * ow];
    for (int b = 0; b < n; b++)
      for (int oc = 0; oc < o; oc++)
        for (int i = 0; i < oh; i++)
          for (int j = 0; j < ow; j++) {
            double acc = bias == null ? 0 : bias[oc];
            int g = oc / og;
            for (int ci = 0; ci < cg; ci++)
              for (int u = 0; u < kh; u++)
                for (int v = 0; v < kw; v++) {
                  int r = i * s - p + u * d, q = j * s - p + v * d;
                  if (r < 0 || r >= h || q < 0 || q >= w) continue;
                  acc += x[((b * c + g * cg + ci) * h + r) * w + q] * wt[((oc * cg + ci) * kh + u) * kw + v];
                }
            out[((b * o + oc) * oh + i) * ow + j] = acc;
          }
    return out;
  }

  @ParameterizedTest(name = "n={0} c={1} {2}x{3} o={4} k={5} s={6} p={7} d={8} g={9}")
  @CsvSource({"1,1,5,5,1,3,1,0,1,1", "2,3,7,6,4,3,1,1,1,1", "2,4,9,9,6,3,2,1,1,2", "1,2,8,8,2,3,1,2,2,2",
      "3,3,13,11,5,2,3,0,1,1", "1,4,6,6,4,1,1,0,1,4"})
  void conv2dMatchesTheDefinition(int n, int c, int h, int w, int o, int k, int s, int p, int d, int g) {
    Generator gen = new Generator(11);
    Tensor x = Tensor.randn(Shape.of(n, c, h, w), DType.FLOAT64, Device.CPU, gen);
    Tensor wt = Tensor.randn(Shape.of(o, c / g, k, k), DType.FLOAT64, Device.CPU, gen);
    Tensor b = Tensor.randn(Shape.of(o), DType.FLOAT64, Device.CPU, gen);
    Tensor y = x.conv2d(wt, b, new int[] {s}, new int[] {p}, new int[] {d}, g);
    int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
    double[] want = naiveConv(x.toDoubleArray(), n, c, h, w, wt.toDoubleArray(), o, k, k, b.toDoubleArray(), s, p, d, g, oh, ow);
    assertArrayEquals(new int[] {n, o, oh, ow}, y.shape().toArray());
    assertArrayEquals(want, y.toDoubleArray(), 1e-10);
  }

  @Test
  void conv2dSamePaddingAndConv1d() {
    Tensor x = Tensor.randn(Shape.of(1, 2, 5, 6), DType.FLOAT64, Device.CPU, new Generator(1));
    Tensor even = Tensor.randn(Shape.of(3, 2, 2, 4), DType.FLOAT64, Device.CPU, new Generator(2));
    Tensor y = x.conv2d(even, null, null, "same", null, 1);
    assertEquals(Shape.of(1, 3, 5, 6), y.shape());
    // PyTorch pads (k-1)/2 before and the rest after: here rows 0 before/1 after, columns 1 before/2 after.
    Tensor manual = x.pad(new int[] {1, 2, 0, 1}, 0).conv2d(even, null, null, new int[] {0}, null, 1);
    assertTrue(y.allclose(manual, 1e-12, 1e-12));
    Tensor seq = Tensor.arange(0.0, 5.0, 1.0).view(1, 1, 5);
    Tensor k = Tensor.of(new float[] {1, 0, -1}).view(1, 1, 3);
    assertValues(seq.conv1d(k, null, 1, 1, 1, 1), shape(1, 1, 5), -1, -2, -2, -2, 3);
    assertError(IllegalArgumentException.class,
        () -> Tensor.ones(1, 4, 5, 5).conv2d(Tensor.ones(2, 3, 3, 3), null, null, new int[] {0}, null, 1),
        "expected input[1, 4, 5, 5] to have 3 channels, but got 4 channels");
    assertError(IllegalArgumentException.class,
        () -> Tensor.ones(1, 1, 2, 2).conv2d(Tensor.ones(1, 1, 3, 3), null, null, new int[] {0}, null, 1), "too small");
    assertError(IllegalArgumentException.class,
        () -> x.conv2d(even, null, new int[] {2}, "same", null, 1), "strided");
  }

  @Test
  void maxPoolReturnsPyTorchIndices() {
    Tensor x = Tensor.of(new float[][][][] {{{{1, 5, 2, 0}, {3, 4, 8, 7}, {-1, -2, -3, -4}, {9, 0, 0, 6}}}});
    Tensor.ValuesIndices r = x.maxPool2dWithIndices(new int[] {2}, null, null, null);
    assertValues(r.values(), shape(1, 1, 2, 2), 5, 8, 9, 6);
    assertValues(r.indices(), shape(1, 1, 2, 2), 1, 6, 12, 15);
    Tensor neg = Tensor.full(Shape.of(1, 1, 3, 3), -5.0);
    assertValues(neg.maxPool2d(new int[] {2}, new int[] {1}, new int[] {1}, null).amax(null, false), shape(), -5);
    Tensor.ValuesIndices padded = x.maxPool2dWithIndices(new int[] {3}, new int[] {2}, new int[] {1}, null);
    assertValues(padded.values(), shape(1, 1, 2, 2), 5, 8, 9, 8);
    assertValues(padded.indices(), shape(1, 1, 2, 2), 1, 6, 12, 6);
    assertError(IllegalArgumentException.class, () -> x.maxPool2d(new int[] {2}, null, new int[] {2}, null), "at most half");
  }

  @Test
  void averagePools() {
    Tensor x = Tensor.arange(0.0, 16.0, 1.0).view(1, 1, 4, 4);
    assertValues(x.avgPool2d(new int[] {2}, null, null), shape(1, 1, 2, 2), 2.5, 4.5, 10.5, 12.5);
    assertValues(x.avgPool2d(new int[] {3}, new int[] {3}, new int[] {1}), shape(1, 1, 2, 2), 10.0 / 9, 18.0 / 9, 42.0 / 9, 50.0 / 9);
    assertValues(x.adaptiveAvgPool2d(2, 2), shape(1, 1, 2, 2), 2.5, 4.5, 10.5, 12.5);
    assertValues(x.adaptiveAvgPool2d(1, 1), shape(1, 1, 1, 1), 7.5);
    // 4 -> 3 windows: [0,2), [1,3), [2,4) on each axis.
    assertValues(x.adaptiveAvgPool2d(3, 1).view(3), shape(3), 3.5, 7.5, 11.5);
  }

  @Test
  void embeddingOneHotDropout() {
    Tensor w = Tensor.of(new float[][] {{0, 0}, {1, 1}, {2, 2}});
    assertValues(Tensor.embedding(Tensor.of(new long[][] {{2, 0}}), w), shape(1, 2, 2), 2, 2, 0, 0);
    assertError(IndexOutOfBoundsException.class, () -> Tensor.embedding(Tensor.of(new long[] {3}), w), "out of bounds");
    assertValues(Tensor.of(new long[] {0, 2}).oneHot(-1), shape(2, 3), 1, 0, 0, 0, 0, 1);
    assertError(IllegalArgumentException.class, () -> Tensor.of(new long[] {3}).oneHot(2), "smaller than num_classes");
    Tensor ones = Tensor.ones(10_000);
    Tensor dropped = ones.dropout(0.3, true, new Generator(9));
    double kept = dropped.ne(0).toFloat().mean().item();
    assertEquals(0.7, kept, 0.02);
    assertEquals(1 / 0.7, dropped.max().item(), 1e-5);
    assertTrue(ones.dropout(0.3, false, null) == ones);
    assertError(IllegalArgumentException.class, () -> ones.dropout(1.5, true, null), "between 0 and 1");
  }
}
