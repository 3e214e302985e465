package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Tensor;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.GradRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DynamicTest;

/**
 * CONV2D (forward, input and weight gradients, bias gradient) and MAX_POOL2D (values, indices,
 * input gradient) through the public API, against the reference's direct loops. A backend's fused
 * kernels ({@code Backend.conv2d}, {@code conv2dBackwardInput}, {@code conv2dBackwardWeight},
 * {@code maxPool2d}) run here when it offers them, dl-api's composites otherwise. With dl-autograd
 * on the test class path the gradients are also taken by {@code backward()} through the recorded
 * nodes.
 */
final class ConvSuite {
  private ConvSuite() {}

  /** A conv2d configuration: input arg (shape and layout), weight shape, bias, stride, padding, dilation, groups. */
  record Conv(Arg x, int[] w, boolean bias, int[] stride, int[] pad, int[] dil, int groups) {
    String label() {
      return x.label() + "*" + Nd.label(w) + (bias ? "+b" : "") + " s" + Nd.label(stride) + " p" + Nd.label(pad)
          + " d" + Nd.label(dil) + " g" + groups;
    }

    ConvGeometry geometry() {
      int[] s = x.shape();
      return new ConvGeometry(s[0], s[1], s[2], s[3], w[2], w[3], stride[0], stride[1], pad[0], pad[1], dil[0], dil[1]);
    }

    int[] outShape() {
      ConvGeometry g = geometry();
      return new int[] {g.n(), w[0], g.outH(), g.outW()};
    }
  }

  private static int[] p(int a, int b) { return new int[] {a, b}; }

  static final List<Conv> CONVS = List.of(
      new Conv(Arg.of(2, 3, 7, 6), new int[] {4, 3, 3, 3}, true, p(1, 1), p(1, 1), p(1, 1), 1),
      new Conv(Arg.of(1, 2, 9, 8), new int[] {3, 2, 3, 2}, false, p(2, 1), p(1, 0), p(1, 1), 1),
      new Conv(Arg.of(2, 4, 8, 7), new int[] {6, 2, 2, 3}, true, p(1, 2), p(0, 2), p(2, 1), 2),
      new Conv(Arg.of(1, 3, 6, 5), new int[] {3, 1, 3, 3}, false, p(2, 2), p(1, 1), p(1, 1), 3),
      new Conv(Arg.of(3, 5, 4, 9), new int[] {7, 5, 1, 1}, true, p(1, 1), p(0, 0), p(1, 1), 1),
      new Conv(Arg.of(2, 1, 12, 10), new int[] {8, 1, 5, 5}, true, p(1, 1), p(2, 2), p(1, 1), 1),
      new Conv(Arg.of(1, 16, 6, 6), new int[] {24, 16, 3, 3}, true, p(1, 1), p(1, 1), p(1, 1), 1),
      new Conv(Arg.of(2, 6, 5, 5), new int[] {4, 3, 3, 3}, false, p(1, 1), p(2, 2), p(2, 2), 2),
      new Conv(Arg.of(1, 2, 3, 3), new int[] {2, 2, 5, 5}, true, p(1, 1), p(2, 2), p(1, 1), 1),
      new Conv(Arg.transposed(2, 3, 6, 7), new int[] {2, 3, 3, 2}, true, p(1, 2), p(1, 1), p(1, 1), 1),
      new Conv(Arg.sliced(1, 4, 5, 6), new int[] {4, 2, 2, 2}, false, p(1, 1), p(0, 1), p(1, 2), 2));

  /** A max-pool configuration: input shape, kernel, stride, padding, dilation, and the values' domain. */
  record Pool(int[] x, int[] k, int[] s, int[] pad, int[] dil, Domain domain) {
    String label() {
      return Nd.label(x) + " k" + Nd.label(k) + " s" + Nd.label(s) + " p" + Nd.label(pad) + " d" + Nd.label(dil)
          + " " + domain.name().toLowerCase(java.util.Locale.ROOT);
    }

    ConvGeometry geometry() {
      return new ConvGeometry(x[0], x[1], x[2], x[3], k[0], k[1], s[0], s[1], pad[0], pad[1], dil[0], dil[1]);
    }
  }

  static final List<Pool> POOLS = List.of(
      new Pool(new int[] {2, 3, 8, 8}, p(2, 2), p(2, 2), p(0, 0), p(1, 1), Domain.SMALL),
      new Pool(new int[] {2, 3, 9, 7}, p(2, 2), p(2, 2), p(0, 0), p(1, 1), Domain.WHOLE),
      new Pool(new int[] {1, 2, 9, 8}, p(3, 3), p(2, 2), p(1, 1), p(1, 1), Domain.SMALL),
      new Pool(new int[] {2, 2, 7, 9}, p(2, 3), p(1, 2), p(1, 1), p(2, 1), Domain.GRID),
      new Pool(new int[] {1, 3, 6, 6}, p(3, 2), p(3, 1), p(1, 0), p(1, 2), Domain.WHOLE),
      new Pool(new int[] {1, 2, 8, 8}, p(2, 2), p(2, 2), p(0, 0), p(1, 1), Domain.SPECIAL),
      new Pool(new int[] {1, 2, 7, 6}, p(3, 3), p(1, 1), p(1, 1), p(1, 1), Domain.SPECIAL),
      new Pool(new int[] {1, 1, 5, 1}, p(2, 1), p(1, 1), p(1, 0), p(1, 1), Domain.SMALL));

  /** True when dl-autograd is on the class path, so {@code backward()} can be exercised too. */
  static boolean autograd() {
    return ServiceLoader.load(GradRecorder.class, ConvSuite.class.getClassLoader()).findFirst().isPresent();
  }

  static List<DynamicTest> tests(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    boolean autograd = autograd();
    for (DType t : env.supported(OpCase.FLOATS)) {
      Check.Tol tol = Check.Tol.of(t, false);
      for (Conv c : CONVS) {
        String label = t + " " + c.label();
        tests.add(Env.test("CONV2D " + label, () -> {
          Random r = Env.random("CONV2D " + label);
          Nd x = c.x().draw(r, t, Domain.SMALL);
          Nd w = Domain.SMALL.draw(r, t, c.w());
          Nd b = c.bias() ? Domain.SMALL.draw(r, t, c.w()[0]) : null;
          Tensor out = env.tensor(c.x(), x).conv2d(env.tensor(w), b == null ? null : env.tensor(b), c.stride(), c.pad(),
              c.dil(), c.groups());
          Nd expected = Ref.conv2d(x, w, b, c.stride(), c.pad(), c.dil(), c.groups(), false);
          Check.close("CONV2D " + label, expected, Ref.conv2d(x, w, b, c.stride(), c.pad(), c.dil(), c.groups(), true),
              out, tol);
        }));
        tests.add(Env.test("CONV2D grads " + label, () -> {
          Random r = Env.random("CONV2D grads " + label);
          Nd x = c.x().draw(r, t, Domain.SMALL);
          Nd w = Domain.SMALL.draw(r, t, c.w());
          Arg goArg = c.x().layout() == Arg.Layout.CONTIGUOUS ? Arg.of(c.outShape()) : new Arg(c.outShape(), c.x().layout());
          Nd go = goArg.draw(r, t, Domain.SMALL);
          ConvGeometry g = c.geometry();
          Nd[] want = Ref.conv2dGrads(go, x, w, g, c.groups(), false);
          Nd[] scale = Ref.conv2dGrads(Ref.magnitude(go), Ref.magnitude(x), Ref.magnitude(w), g, c.groups(), false);
          Tensor goT = env.tensor(goArg, go);
          Check.close("CONV2D grad input " + label, want[0], scale[0],
              Tensor.conv2dInputGrad(goT, env.tensor(w), g, c.groups()), tol);
          Check.close("CONV2D grad weight " + label, want[1], scale[1],
              Tensor.conv2dWeightGrad(goT, env.tensor(c.x(), x), g, c.groups()), tol);
          if (c.bias()) {
            Nd gb = Ref.reduce(dev.dl.spi.Op.SUM, go, new int[] {0, 2, 3}, false, t);
            Nd gbScale = Ref.reduce(dev.dl.spi.Op.SUM, Ref.magnitude(go), new int[] {0, 2, 3}, false, DType.FLOAT64);
            Check.close("CONV2D grad bias " + label, gb, gbScale, goT.sum(new int[] {0, 2, 3}, false), tol);
          }
        }));
        if (autograd) {
          tests.add(Env.test("CONV2D backward " + label, () -> {
            Random r = Env.random("CONV2D backward " + label);
            Nd x = c.x().draw(r, t, Domain.SMALL);
            Nd w = Domain.SMALL.draw(r, t, c.w());
            Nd b = c.bias() ? Domain.SMALL.draw(r, t, c.w()[0]) : null;
            Nd go = Domain.SMALL.draw(r, t, c.outShape());
            Tensor xt = env.tensor(c.x(), x).detach().requiresGrad_();
            Tensor wt = env.tensor(w).requiresGrad_();
            Tensor bt = b == null ? null : env.tensor(b).requiresGrad_();
            xt.conv2d(wt, bt, c.stride(), c.pad(), c.dil(), c.groups()).backward(env.tensor(go));
            ConvGeometry g = c.geometry();
            Nd[] want = Ref.conv2dGrads(go, x, w, g, c.groups(), false);
            Nd[] scale = Ref.conv2dGrads(Ref.magnitude(go), Ref.magnitude(x), Ref.magnitude(w), g, c.groups(), false);
            Check.close("CONV2D backward input " + label, want[0], scale[0], xt.grad(), tol);
            Check.close("CONV2D backward weight " + label, want[1], scale[1], wt.grad(), tol);
            if (bt != null) {
              Nd gb = Ref.reduce(dev.dl.spi.Op.SUM, go, new int[] {0, 2, 3}, false, t);
              Nd gbScale = Ref.reduce(dev.dl.spi.Op.SUM, Ref.magnitude(go), new int[] {0, 2, 3}, false, DType.FLOAT64);
              Check.close("CONV2D backward bias " + label, gb, gbScale, bt.grad(), tol);
            }
          }));
        }
      }
      for (Pool pool : POOLS) {
        String name = "MAX_POOL2D " + t + " " + pool.label();
        tests.add(Env.test(name, () -> {
          Random r = Env.random(name);
          Nd x = pool.domain().draw(r, t, pool.x());
          Nd[] want = Ref.maxPool2d(x, pool.geometry());
          Tensor.ValuesIndices got = env.tensor(x).maxPool2dWithIndices(pool.k(), pool.s(), pool.pad(), pool.dil());
          Check.close(name + " values", want[0], null, got.values(), tol);
          Check.close(name + " indices", want[1], null, got.indices(), tol);
          // The input gradient the way MaxPool2DWithIndicesBackward0 forms it from the indices.
          Nd go = Domain.SMALL.draw(r, t, want[0].shape);
          int n = pool.x()[0], ch = pool.x()[1];
          Tensor gx = Tensor.zeros(dev.dl.Shape.of(n, ch, pool.x()[2] * pool.x()[3]), t, env.device())
              .scatterAdd(2, got.indices().reshape(n, ch, -1), env.tensor(go).reshape(n, ch, -1)).view(pool.x());
          Nd gxWant = Ref.maxPool2dBackward(go, want[1], pool.x());
          Check.close(name + " grad input", gxWant, Ref.maxPool2dBackward(Ref.magnitude(go), want[1], pool.x()), gx, tol);
          if (autograd) {
            Tensor xt = env.tensor(x).requiresGrad_();
            xt.maxPool2d(pool.k(), pool.s(), pool.pad(), pool.dil()).backward(env.tensor(go));
            Check.close(name + " backward input", gxWant, Ref.maxPool2dBackward(Ref.magnitude(go), want[1], pool.x()),
                xt.grad(), tol);
          }
        }));
      }
    }
    return tests;
  }
}
