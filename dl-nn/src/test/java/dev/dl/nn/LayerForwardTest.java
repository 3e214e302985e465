package dev.dl.nn;

import static dev.dl.nn.TestUtil.assertClose;
import static dev.dl.nn.TestUtil.assertShape;
import static dev.dl.nn.TestUtil.randn64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Generator;
import dev.dl.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forward passes against references computed here with plain loops in double precision. */
class LayerForwardTest {
  private final Random rnd = new Random(7);

  private static double[] d(Tensor t) { return t.toDoubleArray(); }

  @Test
  void linear() {
    Linear fc = new Linear(3, 2);
    fc.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 4, 3);
    double[] w = d(fc.weight.tensor());
    double[] b = d(fc.bias.tensor());
    double[] xs = d(x);
    double[] ref = new double[8];
    for (int n = 0; n < 4; n++) {
      for (int o = 0; o < 2; o++) {
        double s = b[o];
        for (int i = 0; i < 3; i++) s += xs[n * 3 + i] * w[o * 3 + i];
        ref[n * 2 + o] = s;
      }
    }
    assertClose(ref, fc.apply(x), 1e-12);
  }

  @Test
  void linearDefaultInitBounds() {
    Linear fc = new Linear(50, 40);
    double bound = 1 / Math.sqrt(50);
    assertTrue(fc.weight.tensor().abs().max().item() <= bound);
    assertTrue(fc.bias.tensor().abs().max().item() <= bound);
    // U(-b, b) has standard deviation b / sqrt(3).
    assertEquals(bound / Math.sqrt(3), fc.weight.tensor().std().item(), 0.1 * bound);
  }

  @Test
  void bilinear() {
    Bilinear bl = new Bilinear(3, 2, 4);
    bl.to(DType.FLOAT64);
    Tensor x1 = randn64(rnd, 5, 3);
    Tensor x2 = randn64(rnd, 5, 2);
    double[] w = d(bl.weight.tensor());
    double[] b = d(bl.bias.tensor());
    double[] a = d(x1);
    double[] c = d(x2);
    double[] ref = new double[20];
    for (int n = 0; n < 5; n++) {
      for (int k = 0; k < 4; k++) {
        double s = b[k];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) s += a[n * 3 + i] * w[(k * 3 + i) * 2 + j] * c[n * 2 + j];
        ref[n * 4 + k] = s;
      }
    }
    assertClose(ref, bl.forward(x1, x2), 1e-12);
  }

  /** Direct convolution: out[n,o,y,x] = b[o] + sum w[o,c,i,j] * in[n, g*cin+c, y*s - p + i*d, x*s - p + j*d]. */
  static double[] conv2dRef(double[] in, int n, int c, int h, int w, double[] wt, int o, int kh, int kw, double[] bias,
      int[] s, int[] p, int[] dl, int groups, int oh, int ow) {
    double[] out = new double[n * o * oh * ow];
    int cpg = c / groups;
    int opg = o / groups;
    for (int b = 0; b < n; b++) {
      for (int oc = 0; oc < o; oc++) {
        int g = oc / opg;
        for (int y = 0; y < oh; y++) {
          for (int x = 0; x < ow; x++) {
            double acc = bias == null ? 0 : bias[oc];
            for (int ci = 0; ci < cpg; ci++) {
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int yy = y * s[0] - p[0] + i * dl[0];
                  int xx = x * s[1] - p[1] + j * dl[1];
                  if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                  acc += wt[((oc * cpg + ci) * kh + i) * kw + j] * in[((b * c + g * cpg + ci) * h + yy) * w + xx];
                }
              }
            }
            out[((b * o + oc) * oh + y) * ow + x] = acc;
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"1,0,1,1", "2,1,1,1", "1,2,2,1", "2,1,1,2", "3,0,1,2"})
  void conv2d(int stride, int pad, int dil, int groups) {
    Conv2d conv = new Conv2d(4, 6, new int[] {3, 2}, new int[] {stride, stride}, new int[] {pad, pad}, new int[] {dil, dil}, groups, true);
    conv.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 2, 4, 7, 6);
    Tensor y = conv.apply(x);
    int oh = (7 + 2 * pad - dil * 2 - 1) / stride + 1;
    int ow = (6 + 2 * pad - dil * 1 - 1) / stride + 1;
    assertShape(y, 2, 6, oh, ow);
    assertClose(conv2dRef(d(x), 2, 4, 7, 6, d(conv.weight.tensor()), 6, 3, 2, d(conv.bias.tensor()), new int[] {stride, stride},
        new int[] {pad, pad}, new int[] {dil, dil}, groups, oh, ow), y, 1e-10);
  }

  @Test
  void conv2dSamePaddingKeepsSize() {
    Conv2d conv = new Conv2d(2, 3, new int[] {3, 4}, new int[] {1, 1}, "same", new int[] {1, 1}, 1, false);
    conv.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 1, 2, 5, 6);
    Tensor y = conv.apply(x);
    assertShape(y, 1, 3, 5, 6);
    // PyTorch pads "same" with the extra element on the right/bottom: left = total/2.
    Tensor padded = x.pad(new int[] {1, 2, 1, 1}, 0);
    assertClose(conv2dRef(d(padded), 1, 2, 7, 9, d(conv.weight.tensor()), 3, 3, 4, null, new int[] {1, 1}, new int[] {0, 0},
        new int[] {1, 1}, 1, 5, 6), y, 1e-10);
    assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(2, 3, new int[] {3, 3}, new int[] {2, 2}, "same", new int[] {1, 1}, 1, false));
  }

  @Test
  void conv1dMatchesConv2dReference() {
    Conv1d conv = new Conv1d(4, 6, 3, 2, 1, 1, 2, true);
    conv.to(DType.FLOAT64);
    Tensor x = randn64(rnd, 2, 4, 9);
    Tensor y = conv.apply(x);
    assertShape(y, 2, 6, 5);
    assertClose(conv2dRef(d(x), 2, 4, 1, 9, d(conv.weight.tensor()), 6, 1, 3, d(conv.bias.tensor()), new int[] {1, 2},
        new int[] {0, 1}, new int[] {1, 1}, 2, 1, 5), y, 1e-10);
    Conv1d same = new Conv1d(4, 4, 3, 1, "same", 2, 1, false);
    assertShape(same.apply(Tensor.randn(2, 4, 9)), 2, 4, 9);
  }

  /** Direct transposed convolution: every input element scatters weight * value into the output. */
  @ParameterizedTest
  @CsvSource({"1,0,0,1,1", "2,0,0,1,1", "2,1,1,1,1", "3,1,2,1,2", "2,2,1,2,1"})
  void convTranspose2d(int stride, int pad, int outPad, int groups, int dil) {
    int cin = 4;
    int cout = 6;
    int k = 3;
    ConvTranspose2d ct = new ConvTranspose2d(cin, cout, new int[] {k, k}, new int[] {stride, stride}, new int[] {pad, pad},
        new int[] {outPad, outPad}, groups, true, new int[] {dil, dil});
    ct.to(DType.FLOAT64);
    int h = 4;
    int w = 3;
    Tensor x = randn64(rnd, 2, cin, h, w);
    Tensor y = ct.apply(x);
    int oh = (h - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
    int ow = (w - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
    assertShape(y, 2, cout, oh, ow);
    double[] in = d(x);
    double[] wt = d(ct.weight.tensor());
    double[] bias = d(ct.bias.tensor());
    double[] ref = new double[2 * cout * oh * ow];
    int cinPg = cin / groups;
    int coutPg = cout / groups;
    for (int n = 0; n < 2; n++) {
      for (int oc = 0; oc < cout; oc++) for (int i = 0; i < oh * ow; i++) ref[(n * cout + oc) * oh * ow + i] = bias[oc];
      for (int ic = 0; ic < cin; ic++) {
        int g = ic / cinPg;
        for (int yy = 0; yy < h; yy++) {
          for (int xx = 0; xx < w; xx++) {
            double v = in[((n * cin + ic) * h + yy) * w + xx];
            for (int oc = 0; oc < coutPg; oc++) {
              for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                  int oy = yy * stride - pad + i * dil;
                  int ox = xx * stride - pad + j * dil;
                  if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                  ref[((n * cout + g * coutPg + oc) * oh + oy) * ow + ox] += v * wt[((ic * coutPg + oc) * k + i) * k + j];
                }
              }
            }
          }
        }
      }
    }
    assertClose(ref, y, 1e-10);
  }

  @Test
  void pools() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
    assertClose(new double[] {6, 8, 14, 16}, new MaxPool2d(2).apply(x), 0);
    assertClose(new double[] {3.5, 5.5, 11.5, 13.5}, new AvgPool2d(2).apply(x), 1e-12);
    assertClose(new double[] {8.5}, new AdaptiveAvgPool2d(1, 1).apply(x), 1e-12);
    // Adaptive 4 -> 3 windows: [0,2), [1,3), [2,4) per dim.
    assertClose(new double[] {3.5, 4.5, 5.5, 7.5, 8.5, 9.5, 11.5, 12.5, 13.5}, new AdaptiveAvgPool2d(3, 3).apply(x), 1e-12);
    // Padding counts in the average (count_include_pad=True): corner window holds only 1.
    assertEquals(0.25, new AvgPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}).apply(x).toDoubleArray()[0], 1e-12);
    assertClose(new double[] {11, 12, 15, 16}, new MaxPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}).apply(x), 0);
  }

  @Test
  void batchNormTrainingUsesBatchStatsAndUpdatesRunningStats() {
    BatchNorm1d bn = new BatchNorm1d(2);
    bn.to(DType.FLOAT64);
    Tensor x = Tensor.of(new double[] {1, 10, 2, 20, 3, 30, 6, 60}, 4, 2);
    Tensor y = bn.apply(x);
    // channel 0: mean 3, biased var (4+1+0+9)/4 = 3.5, unbiased 14/3.
    double s0 = Math.sqrt(3.5 + 1e-5);
    double s1 = Math.sqrt(350 + 1e-5);
    assertClose(new double[] {-2 / s0, -20 / s1, -1 / s0, -10 / s1, 0, 0, 3 / s0, 30 / s1}, y, 1e-9);
    assertClose(new double[] {0.3, 3.0}, bn.buffer("running_mean"), 1e-12);
    assertClose(new double[] {0.9 + 0.1 * 14 / 3.0, 0.9 + 0.1 * 1400 / 3.0}, bn.buffer("running_var"), 1e-12);
    assertEquals(1, bn.buffer("num_batches_tracked").itemLong());
    bn.eval();
    Tensor e = bn.apply(x);
    double[] rm = d(bn.buffer("running_mean"));
    double[] rv = d(bn.buffer("running_var"));
    assertEquals((1 - rm[0]) / Math.sqrt(rv[0] + 1e-5), e.toDoubleArray()[0], 1e-12);
    assertEquals(1, bn.buffer("num_batches_tracked").itemLong(), "eval does not count batches");
  }

  @Test
  void batchNormCumulativeAverageWithNullMomentum() {
    BatchNorm2d bn = new BatchNorm2d(1, 1e-5, null, false, true);
    bn.apply(Tensor.full(dev.dl.Shape.of(2, 1, 2, 2), 2.0).add(Tensor.randn(2, 1, 2, 2).mul(0)));
    bn.apply(Tensor.of(new float[] {0, 0, 0, 0, 8, 8, 8, 8}, 2, 1, 2, 2));
    // running mean = average of batch means (2 and 4).
    assertEquals(3.0, bn.buffer("running_mean").item(), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> bn.apply(Tensor.randn(1, 1, 1, 1)));
  }

  @Test
  void layerNormAndGroupNorm() {
    Tensor x = randn64(rnd, 2, 3, 4);
    LayerNorm ln = new LayerNorm(3, 4);
    ln.to(DType.FLOAT64);
    double[] xs = d(x);
    double[] ref = new double[24];
    for (int n = 0; n < 2; n++) {
      double mean = 0;
      for (int i = 0; i < 12; i++) mean += xs[n * 12 + i] / 12;
      double var = 0;
      for (int i = 0; i < 12; i++) var += Math.pow(xs[n * 12 + i] - mean, 2) / 12;
      for (int i = 0; i < 12; i++) ref[n * 12 + i] = (xs[n * 12 + i] - mean) / Math.sqrt(var + 1e-5);
    }
    assertClose(ref, ln.apply(x), 1e-10);
    // GroupNorm with one group per 3 channels of 4 positions equals LayerNorm over each group.
    Tensor g = randn64(rnd, 2, 6, 2, 2);
    GroupNorm gn = new GroupNorm(2, 6);
    gn.to(DType.FLOAT64);
    Tensor expected = Functional.layerNorm(g.reshape(2, 2, 3, 2, 2), new int[] {3, 2, 2}, null, null, 1e-5).reshape(2, 6, 2, 2);
    assertClose(d(expected), gn.apply(g), 1e-10);
  }

  @Test
  void dropoutTrainEval() {
    Dropout drop = new Dropout(0.5, new Generator(3));
    Tensor x = Tensor.ones(1000);
    double[] y = d(drop.apply(x));
    int zeros = 0;
    for (double v : y) {
      assertTrue(v == 0 || v == 2.0, "kept values are scaled by 1/(1-p)");
      if (v == 0) zeros++;
    }
    assertTrue(zeros > 400 && zeros < 600, "about half dropped, got " + zeros);
    drop.eval();
    assertTrue(drop.apply(x).equal(x));
    Dropout2d d2 = new Dropout2d(0.5, new Generator(4));
    double[] ch = d(d2.apply(Tensor.ones(4, 8, 3, 3)));
    for (int c = 0; c < 32; c++) {
      for (int i = 1; i < 9; i++) assertEquals(ch[c * 9], ch[c * 9 + i], "a whole channel is kept or dropped");
    }
    d2.eval();
    assertTrue(d2.apply(Tensor.ones(2, 2, 2, 2)).equal(Tensor.ones(2, 2, 2, 2)));
  }

  @Test
  void embeddingPaddingAndPretrained() {
    Embedding emb = new Embedding(5, 3, 1);
    assertClose(new double[] {0, 0, 0}, emb.weight.tensor().select(0, 1), 0);
    Tensor idx = Tensor.of(new long[] {0, 1, 4, 1}, 2, 2);
    Tensor out = emb.apply(idx);
    assertShape(out, 2, 2, 3);
    out.sum().backward();
    double[] g = d(emb.weight.grad());
    assertClose(new double[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, emb.weight.grad(), 0);
    assertEquals(15, g.length);
    Tensor pre = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Embedding frozen = Embedding.fromPretrained(pre, true, null);
    assertClose(new double[] {3, 4, 1, 2}, frozen.apply(Tensor.of(new long[] {1, 0}, 2)), 0);
    assertTrue(!frozen.weight.requiresGrad());
    assertTrue(Embedding.fromPretrained(pre, false, null).weight.requiresGrad());
  }

  @Test
  void activations() {
    Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 1.5}, 4);
    double[] xs = d(x);
    double[] relu = new double[4];
    double[] leaky = new double[4];
    double[] elu = new double[4];
    double[] gelu = new double[4];
    double[] silu = new double[4];
    double[] sig = new double[4];
    double[] tanh = new double[4];
    for (int i = 0; i < 4; i++) {
      double v = xs[i];
      relu[i] = Math.max(v, 0);
      leaky[i] = v > 0 ? v : 0.2 * v;
      elu[i] = v > 0 ? v : 1.5 * Math.expm1(v);
      sig[i] = 1 / (1 + Math.exp(-v));
      silu[i] = v * sig[i];
      tanh[i] = Math.tanh(v);
      gelu[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }
    assertClose(relu, new ReLU().apply(x), 1e-12);
    assertClose(leaky, new LeakyReLU(0.2).apply(x), 1e-12);
    assertClose(elu, new ELU(1.5).apply(x), 1e-12);
    assertClose(sig, new Sigmoid().apply(x), 1e-12);
    assertClose(silu, new SiLU().apply(x), 1e-12);
    assertClose(tanh, new Tanh().apply(x), 1e-12);
    assertClose(gelu, new GELU("tanh").apply(x), 1e-12);
    // exact GELU(1.5) = 1.5 * Phi(1.5) = 1.5 * 0.9331927987311419
    assertEquals(1.5 * 0.9331927987311419, new GELU().apply(x).toDoubleArray()[3], 1e-9);
    Tensor m = Tensor.of(new double[] {1, 2, 3, 1, 1, 1}, 2, 3);
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertClose(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0}, new Softmax(1).apply(m), 1e-12);
    assertClose(new double[] {1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), -Math.log(3), -Math.log(3), -Math.log(3)},
        new LogSoftmax(-1).apply(m), 1e-12);
  }

  @Test
  void padModes() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
    assertClose(new double[] {0, 0, 1, 2, 3, 0}, Functional.pad(x, new int[] {2, 1}, "constant", 0), 0);
    assertClose(new double[] {3, 2, 1, 2, 3, 2}, Functional.pad(x, new int[] {2, 1}, "reflect", 0), 0);
    assertClose(new double[] {1, 1, 1, 2, 3, 3}, Functional.pad(x, new int[] {2, 1}, "replicate", 0), 0);
    assertClose(new double[] {2, 3, 1, 2, 3, 1}, Functional.pad(x, new int[] {2, 1}, "circular", 0), 0);
    assertClose(new double[] {0, 1, 0, 0, 0, 1}, Functional.oneHot(Tensor.of(new long[] {1, 2}, 2), 3), 0);
  }
}
