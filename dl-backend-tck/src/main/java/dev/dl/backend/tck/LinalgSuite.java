package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Tensor;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.DynamicTest;

/** MATMUL at every rank combination, IM2COL/COL2IM directly through the SPI, and conv/pool through the API. */
final class LinalgSuite {
  private LinalgSuite() {}

  /** A matmul case: the API call and two inputs. */
  record MatCase(String call, BinaryOperator<Tensor> run, Arg a, Arg b) {}

  static final List<MatCase> MATMUL = List.of(
      new MatCase("matmul", Tensor::matmul, Arg.of(13), Arg.of(13)),
      new MatCase("matmul", Tensor::matmul, Arg.of(4, 13), Arg.of(13)),
      new MatCase("matmul", Tensor::matmul, Arg.of(13), Arg.of(13, 5)),
      new MatCase("matmul", Tensor::matmul, Arg.of(1, 1), Arg.of(1, 1)),
      new MatCase("matmul", Tensor::matmul, Arg.of(3, 4, 13), Arg.of(13, 5)),
      new MatCase("matmul", Tensor::matmul, Arg.of(13), Arg.of(3, 13, 5)),
      new MatCase("matmul", Tensor::matmul, Arg.of(2, 1, 4, 6), Arg.of(3, 6, 5)),
      new MatCase("matmul", Tensor::matmul, Arg.of(4, 0), Arg.of(0, 5)),
      new MatCase("matmul", Tensor::matmul, Arg.of(0, 3), Arg.of(3, 4)),
      new MatCase("mm", Tensor::mm, Arg.of(4, 13), Arg.of(13, 5)),
      new MatCase("mm", Tensor::mm, Arg.of(13, 207), Arg.of(207, 13)),
      new MatCase("mm", Tensor::mm, Arg.transposed(5, 13), Arg.of(13, 7)),
      new MatCase("mm", Tensor::mm, Arg.of(13, 4), Arg.transposed(4, 7)),
      new MatCase("mm", Tensor::mm, Arg.sliced(4, 13), Arg.sliced(13, 7)),
      new MatCase("mm", Tensor::mm, Arg.expanded(4, 13), Arg.of(13, 1)),
      new MatCase("bmm", Tensor::bmm, Arg.of(3, 4, 6), Arg.of(3, 6, 5)),
      new MatCase("bmm", Tensor::bmm, Arg.transposed(2, 13, 7), Arg.transposed(2, 7, 13)),
      new MatCase("bmm", Tensor::bmm, Arg.of(1, 1, 13), Arg.of(1, 13, 1)));

  static List<DynamicTest> matmul(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.FLOATS)) {
      for (MatCase c : MATMUL) {
        String name = "MATMUL " + c.call() + " " + t + " " + c.a().label() + "x" + c.b().label();
        tests.add(Env.test(name, () -> {
          Random r = Env.random(name);
          Nd a = c.a().draw(r, t, Domain.SMALL);
          Nd b = c.b().draw(r, t, Domain.SMALL);
          Tensor out = c.run().apply(env.tensor(c.a(), a), env.tensor(c.b(), b));
          Nd scale = Ref.matmul(Ref.magnitude(a), Ref.magnitude(b));
          Check.close(name, Ref.matmul(a, b), scale, out, Check.Tol.of(t, false));
        }));
      }
    }
    return tests;
  }

  static final List<ConvGeometry> GEOMETRIES = List.of(
      new ConvGeometry(2, 3, 7, 6, 3, 2, 2, 1, 1, 0, 1, 2),
      new ConvGeometry(1, 1, 5, 5, 1, 1, 1, 1, 0, 0, 1, 1),
      new ConvGeometry(1, 2, 13, 13, 3, 3, 1, 1, 1, 1, 1, 1),
      new ConvGeometry(3, 1, 4, 9, 2, 3, 3, 2, 2, 1, 2, 1));

  /** IM2COL and COL2IM called on the backend directly: the SPI contract, without dl-api's conv in between. */
  static List<DynamicTest> im2col(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.FLOATS)) {
      for (ConvGeometry g : GEOMETRIES) {
        String label = t + " n" + g.n() + " c" + g.c() + " " + g.h() + "x" + g.w() + " k" + g.kh() + "x" + g.kw()
            + " s" + g.strideH() + "," + g.strideW() + " p" + g.padH() + "," + g.padW() + " d" + g.dilationH() + "," + g.dilationW();
        tests.add(Env.test("IM2COL " + label, () -> {
          Nd x = Domain.SMALL.draw(Env.random("IM2COL " + label), t, g.n(), g.c(), g.h(), g.w());
          Nd expected = Ref.im2col(x, g);
          Storage out = env.backend().allocate(t, expected.numel());
          env.backend().im2col(Operand.contiguous(out, expected.shape), write(env, x), g);
          Check.values("IM2COL " + label, expected, null, read(env, out, t, expected.shape), Check.Tol.of(t, false));
        }));
        tests.add(Env.test("COL2IM " + label, () -> {
          int[] colShape = {g.n(), g.colRows(), g.colCols()};
          Nd cols = Domain.SMALL.draw(Env.random("COL2IM " + label), t, colShape);
          Nd expected = Ref.col2im(cols, g);
          Nd scale = Ref.col2im(Ref.magnitude(cols), g);
          Storage out = env.backend().allocate(t, expected.numel());
          env.backend().col2im(Operand.contiguous(out, expected.shape), write(env, cols), g);
          Check.values("COL2IM " + label, expected, scale, read(env, out, t, expected.shape), Check.Tol.of(t, false));
        }));
      }
    }
    return tests;
  }

  private static Operand write(Env env, Nd x) {
    Storage s = env.backend().allocate(x.dtype, x.numel());
    env.backend().write(s, 0, DTypes.encode(x), 0, x.numel());
    return Operand.contiguous(s, x.shape);
  }

  private static Nd read(Env env, Storage s, DType t, int[] shape) {
    Nd probe = Nd.zeros(t, shape);
    Object host = DTypes.encode(probe);
    env.backend().read(s, 0, host, 0, probe.numel());
    return DTypes.decode(host, t, shape);
  }

  /** A conv2d configuration: input, weight, bias shapes and the geometry. */
  record Conv(int[] x, int[] w, boolean bias, int[] stride, int[] pad, int[] dil, int groups) {
    String label() {
      return Nd.label(x) + "*" + Nd.label(w) + (bias ? "+b" : "") + " s" + Nd.label(stride) + " p" + Nd.label(pad)
          + " d" + Nd.label(dil) + " g" + groups;
    }
  }

  static final List<Conv> CONVS = List.of(
      new Conv(new int[] {2, 3, 9, 8}, new int[] {4, 3, 3, 3}, true, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 1}, 1),
      new Conv(new int[] {1, 4, 7, 7}, new int[] {6, 2, 3, 2}, false, new int[] {1, 1}, new int[] {0, 1}, new int[] {2, 1}, 2),
      new Conv(new int[] {1, 1, 13, 13}, new int[] {1, 1, 1, 1}, true, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1));

  /** conv2d and pooling through the public API (dl-api builds them from IM2COL, MATMUL and reductions). */
  static List<DynamicTest> convolution(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.FLOATS)) {
      for (Conv c : CONVS) {
        String name = "CONV2D " + t + " " + c.label();
        tests.add(Env.test(name, () -> {
          Random r = Env.random(name);
          Nd x = Domain.SMALL.draw(r, t, c.x());
          Nd w = Domain.SMALL.draw(r, t, c.w());
          Nd b = c.bias() ? Domain.SMALL.draw(r, t, c.w()[0]) : null;
          Tensor out = env.tensor(x).conv2d(env.tensor(w), b == null ? null : env.tensor(b), c.stride(), c.pad(), c.dil(), c.groups());
          Nd expected = Ref.conv2d(x, w, b, c.stride(), c.pad(), c.dil(), c.groups(), false);
          Nd scale = Ref.conv2d(x, w, b, c.stride(), c.pad(), c.dil(), c.groups(), true);
          Check.close(name, expected, scale, out, Check.Tol.of(t, false));
        }));
      }
      for (boolean max : new boolean[] {true, false}) {
        int[][][] pools = {{{3, 3}, {2, 2}, {1, 1}}, {{2, 2}, {2, 2}, {0, 0}}, {{1, 3}, {1, 2}, {0, 1}}};
        for (int[][] p : pools) {
          String name = (max ? "MAXPOOL2D " : "AVGPOOL2D ") + t + " [2,3,9,8] k" + Nd.label(p[0]) + " s" + Nd.label(p[1])
              + " p" + Nd.label(p[2]);
          tests.add(Env.test(name, () -> {
            Nd x = Domain.SMALL.draw(Env.random(name), t, 2, 3, 9, 8);
            Tensor in = env.tensor(x);
            Tensor out = max ? in.maxPool2d(p[0], p[1], p[2], new int[] {1, 1}) : in.avgPool2d(p[0], p[1], p[2]);
            Nd scale = max ? null : Ref.pool2d(Ref.magnitude(x), p[0], p[1], p[2], false);
            Check.close(name, Ref.pool2d(x, p[0], p[1], p[2], max), scale, out, Check.Tol.of(t, false));
          }));
        }
      }
    }
    return tests;
  }
}
