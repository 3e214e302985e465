package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.spi.ConvGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused CONV2D and MAX_POOL2D nodes: their rules against finite differences (first and second
 * order), against the composite's gradients, and the low-level gradient methods on both paths.
 * Fused conv2d runs on {@link FusedConvDevice}, whatever the CPU backend fuses.
 */
class ConvNodesTest {
  private static final Device FUSED = FusedConvDevice.DEVICE;
  private static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

  /** A conv2d configuration over float64 leaves. */
  record Conv(String name, int[] x, int[] w, boolean bias, int[] stride, int[] pad, int[] dil, int groups) {
    @Override
    public String toString() { return name; }

    Tensor run(Tensor input, Tensor weight, Tensor b) { return input.conv2d(weight, b, stride, pad, dil, groups); }

    ConvGeometry geometry() {
      return new ConvGeometry(x[0], x[1], x[2], x[3], w[2], w[3], stride[0], stride[1], pad[0], pad[1], dil[0], dil[1]);
    }

    List<Tensor> leaves(long seed) {
      Leaves r = new Leaves(seed);
      List<Tensor> in = new ArrayList<>(List.of(r.randn(x), r.randn(w)));
      if (bias) in.add(r.randn(w[0]));
      return in;
    }

    /** conv2d computed on {@code device}, result back on the CPU (so gradcheck's leaves stay there). */
    Tensor on(Device device, List<Tensor> in) {
      return run(in.get(0).to(device), in.get(1).to(device), bias ? in.get(2).to(device) : null).to(Device.CPU);
    }
  }

  static Stream<Conv> convs() {
    return Stream.of(
        new Conv("plain 3x3 pad 1 bias", new int[] {2, 2, 5, 5}, new int[] {3, 2, 3, 3}, true, new int[] {1, 1},
            new int[] {1, 1}, new int[] {1, 1}, 1),
        new Conv("stride 2x1 pad 0x1 no bias", new int[] {1, 3, 6, 5}, new int[] {2, 3, 2, 3}, false, new int[] {2, 1},
            new int[] {0, 1}, new int[] {1, 1}, 1),
        new Conv("groups 2 dilation 2x1 bias", new int[] {1, 4, 6, 5}, new int[] {4, 2, 2, 2}, true, new int[] {1, 2},
            new int[] {1, 0}, new int[] {2, 1}, 2),
        new Conv("depthwise stride 2 no bias", new int[] {2, 3, 5, 4}, new int[] {3, 1, 3, 2}, false, new int[] {2, 2},
            new int[] {1, 1}, new int[] {1, 1}, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convs")
  void fusedConvGradcheck(Conv c) {
    GradCheck.gradcheck(in -> c.on(FUSED, in), c.leaves(c.name().hashCode()), EPS, ATOL, RTOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convs")
  void fusedConvGradgradcheck(Conv c) {
    GradCheck.gradgradcheck(in -> c.on(FUSED, in), c.leaves(c.name().hashCode()), EPS, ATOL, RTOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convs")
  void fusedAndCompositeGradientsAgree(Conv c) {
    List<Tensor> in = c.leaves(7 + c.name().hashCode());
    Tensor upstream = new Leaves(3).constant(c.run(in.get(0), in.get(1), null).shape().toArray());
    List<Tensor> fused = Autograd.grad(List.of(c.on(FUSED, in)), in, List.of(upstream), false, false, false);
    List<Tensor> plain = Autograd.grad(List.of(c.on(Device.CPU, in)), in, List.of(upstream), false, false, false);
    for (int i = 0; i < in.size(); i++) {
      assertTrue(fused.get(i).allclose(plain.get(i), 1e-10, 1e-10), c + ": gradient of input " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convs")
  void lowLevelGradientsMatchOnBothPaths(Conv c) {
    Random r = new Random(c.name().hashCode());
    ConvGeometry g = c.geometry();
    Tensor x = randn(r, c.x()), w = randn(r, c.w());
    Tensor go = randn(r, c.run(x, w, null).shape().toArray());
    Tensor gxComposite = Tensor.conv2dInputGrad(go, w, g, c.groups());
    Tensor gwComposite = Tensor.conv2dWeightGrad(go, x, g, c.groups());
    Tensor gxFused = Tensor.conv2dInputGrad(go.to(FUSED), w.to(FUSED), g, c.groups());
    Tensor gwFused = Tensor.conv2dWeightGrad(go.to(FUSED), x.to(FUSED), g, c.groups());
    assertArrayEquals(c.x(), gxFused.shape().toArray());
    assertArrayEquals(c.w(), gwFused.shape().toArray());
    assertTrue(gxFused.to(Device.CPU).allclose(gxComposite, 1e-10, 1e-10), c + ": input gradient");
    assertTrue(gwFused.to(Device.CPU).allclose(gwComposite, 1e-10, 1e-10), c + ": weight gradient");
    // Non-contiguous operands are made contiguous for the fused kernels.
    Tensor goT = go.transpose(2, 3).contiguous().transpose(2, 3);
    assertFalse(goT.isContiguous());
    assertTrue(Tensor.conv2dInputGrad(goT.to(FUSED), w.to(FUSED), g, c.groups()).to(Device.CPU)
        .allclose(gxComposite, 1e-10, 1e-10));
  }

  @Test
  void fusedConvRecordsOneNodeNamedAsPyTorch() {
    Tensor x = Tensor.randn(Shape.of(1, 2, 4, 4), DType.FLOAT32, FUSED, new dev.dl.Generator(1)).requiresGrad_();
    Tensor w = Tensor.randn(Shape.of(3, 2, 3, 3), DType.FLOAT32, FUSED, new dev.dl.Generator(1)).requiresGrad_();
    Tensor b = Tensor.zeros(Shape.of(3), DType.FLOAT32, FUSED).requiresGrad_();
    Tensor y = x.conv2d(w, b, null, new int[] {1}, null, 1);
    assertEquals("ConvolutionBackward0", y.gradFn().name());
    OpNode node = (OpNode) y.gradFn();
    assertEquals(3, node.inputCount());
    for (Node next : node.next) assertTrue(next instanceof AccumulateGrad, "inputs are the leaves themselves");
    y.sum().backward();
    assertArrayEquals(new float[] {16, 16, 16}, b.grad().toFloatArray());
    assertNull(((OpNode) x.conv2d(w.detach(), null, null, new int[] {1}, null, 1).gradFn()).next[1]);
    // conv1d goes through the same node.
    Tensor seq = Tensor.randn(Shape.of(1, 2, 7), DType.FLOAT32, FUSED, new dev.dl.Generator(1)).requiresGrad_();
    Tensor k = Tensor.randn(Shape.of(3, 2, 3), DType.FLOAT32, FUSED, new dev.dl.Generator(1));
    Tensor z = seq.conv1d(k, null, 1, 1, 1, 1);
    assertEquals("ConvolutionBackward0", ((OpNode) z.gradFn()).next[0].name());
  }

  @Test
  void lowLevelGradientsCheckTheirOperands() {
    ConvGeometry g = new ConvGeometry(1, 2, 4, 4, 3, 3, 1, 1, 0, 0, 1, 1);
    Tensor go = Tensor.zeros(1, 3, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.conv2dInputGrad(go, Tensor.zeros(3, 2, 2, 2), g, 1));
    assertTrue(e.getMessage().contains("conv2dInputGrad: expected weight of shape [3, 2, 3, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.conv2dWeightGrad(Tensor.zeros(1, 3, 3, 2),
        Tensor.zeros(1, 2, 4, 4), g, 1));
    assertTrue(e.getMessage().contains("conv2dWeightGrad: expected an output gradient of shape [1, outC, 2, 2]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.conv2dWeightGrad(go, Tensor.zeros(1, 2, 4, 4), g, 3));
    assertTrue(e.getMessage().contains("groups"), e.getMessage());
  }

  // ---- max pooling ----

  /** A max-pool configuration: kernel, stride, padding, dilation over an input shape. */
  record Pool(String name, int[] x, int[] k, int[] s, int[] p, int[] d) {
    @Override
    public String toString() { return name; }

    Tensor run(Tensor input) { return input.maxPool2d(k, s, p, d); }
  }

  static Stream<Pool> pools() {
    return Stream.of(
        new Pool("2x2 stride 2", new int[] {2, 2, 4, 6}, new int[] {2, 2}, null, new int[] {0, 0}, new int[] {1, 1}),
        new Pool("3x3 stride 2 pad 1 (overlapping)", new int[] {1, 2, 5, 5}, new int[] {3, 3}, new int[] {2, 2},
            new int[] {1, 1}, new int[] {1, 1}),
        new Pool("2x3 stride 1x2 pad 1 dilation 2x1", new int[] {1, 1, 6, 7}, new int[] {2, 3}, new int[] {1, 2},
            new int[] {1, 1}, new int[] {2, 1}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pools")
  void maxPoolGradcheckAndGradgradcheck(Pool p) {
    List<Tensor> in = List.of(new Leaves(p.name().hashCode()).distinct(p.x()));
    GradCheck.gradcheck(t -> p.run(t.get(0)), in, EPS, ATOL, RTOL);
    GradCheck.gradgradcheck(t -> p.run(t.get(0)), in, EPS, ATOL, RTOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pools")
  void maxPoolGradientRoutesToTheIndices(Pool p) {
    Tensor x = new Leaves(p.name().hashCode()).distinct(p.x());
    Tensor.ValuesIndices r = x.maxPool2dWithIndices(p.k(), p.s(), p.p(), p.d());
    Tensor g = new Leaves(5).constant(r.values().shape().toArray());
    r.values().backward(g);
    int n = p.x()[0], c = p.x()[1], plane = p.x()[2] * p.x()[3];
    double[] want = new double[n * c * plane];
    long[] idx = r.indices().toLongArray();
    double[] gv = g.toDoubleArray();
    int per = idx.length / (n * c);
    for (int k = 0; k < idx.length; k++) want[(k / per) * plane + (int) idx[k]] += gv[k];
    assertArrayEquals(want, x.grad().toDoubleArray(), 0);
    assertFalse(r.indices().requiresGrad());
  }

  @Test
  void fusedMaxPoolRecordsOneNodeNamedAsPyTorch() {
    Tensor x = Tensor.randn(Shape.of(1, 1, 4, 4), DType.FLOAT32, Device.CPU, new dev.dl.Generator(2)).requiresGrad_();
    Tensor y = x.maxPool2d(new int[] {2}, null, null, null);
    assertEquals("MaxPool2DWithIndicesBackward0", y.gradFn().name());
    assertTrue(((OpNode) y.gradFn()).next[0] instanceof AccumulateGrad);
    assertNull(((OpNode) y.gradFn()).next[1], "indices need no gradient");
  }

  private static Tensor randn(Random r, int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
    return Tensor.of(v, shape);
  }
}
