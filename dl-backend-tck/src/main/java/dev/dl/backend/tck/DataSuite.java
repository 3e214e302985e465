package dev.dl.backend.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Philox;
import dev.dl.spi.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DynamicTest;

/** Storage transfers, COPY between every dtype pair, FILL, the Philox random ops, and movement views. */
final class DataSuite {
  private DataSuite() {}

  /** A backend must hold at least what comparisons (bool), indices (int64) and default floats (float32) need. */
  static List<DynamicTest> capabilities(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(Env.test("dtypes include float32, int64 and bool", () -> {
      for (DType t : List.of(DType.FLOAT32, DType.INT64, DType.BOOL)) {
        assertTrue(env.dtypes().contains(t), "backend for " + env.device() + " must support " + t + "; declares " + env.dtypes());
      }
    }));
    tests.add(Env.test("backend drives the device under test", () -> assertEquals(env.device(), env.backend().device())));
    for (DType t : env.supported(OpCase.ALL)) {
      String name = "write/read with offsets " + t;
      tests.add(Env.test(name, () -> {
        Nd x = Domain.SPECIAL.draw(Env.random(name), t, 13);
        Storage s = env.backend().allocate(t, 20);
        assertEquals(t, s.dtype(), name + ": storage dtype");
        assertTrue(s.length() >= 20, name + ": storage holds at least the 20 elements asked for");
        // Write elements 2..12 of the host array at storage offset 5, read back 9 of them from offset 6.
        env.backend().write(s, 5, DTypes.encode(x), 2, 11);
        Nd back = Nd.zeros(t, 13);
        Object host = DTypes.encode(back);
        env.backend().read(s, 6, host, 1, 9);
        Nd got = DTypes.decode(host, t, new int[] {13});
        Nd want = Nd.zeros(t, 13);
        for (int i = 0; i < 9; i++) want.copyFrom(x, 3 + i, 1 + i);
        Check.values(name, want, null, got, new Check.Tol(0, 0));
      }));
    }
    return tests;
  }

  /** COPY with conversion between every pair of supported dtypes, from and into strided views. */
  static List<DynamicTest> casts(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType from : env.supported(OpCase.ALL)) {
      for (DType to : env.supported(OpCase.ALL)) {
        for (Arg arg : List.of(Arg.of(207), Arg.sliced(13, 7))) {
          String name = "COPY " + from + "->" + to + " " + arg.label();
          tests.add(Env.test(name, () -> {
            Nd x = castInput(Env.random(name), from, to, arg);
            Check.close(name, Ref.cast(x, to), env.tensor(arg, x).to(to), false);
          }));
        }
        String name = "COPY_ " + from + "->" + to + " [5,13]T into [13,5] every 2nd column";
        tests.add(Env.test(name, () -> {
          Arg src = Arg.transposed(5, 13);
          Nd x = castInput(Env.random(name), from, to, src);
          Nd base = Domain.SMALL.draw(Env.random(name + " base"), to, 5, 27);
          Tensor dst = env.tensor(base);
          dst.slice(1, 1, 27, 2).copy_(env.tensor(src, x));
          Nd expected = Ref.cast(base, to);
          Nd converted = Ref.cast(x, to);
          for (int i = 0; i < 5; i++) for (int j = 0; j < 13; j++) expected.copyFrom(converted, i * 13 + j, i * 27 + 1 + 2 * j);
          Check.close(name, expected, dst, false);
        }));
      }
    }
    // Narrowing float casts at their hard spots: exact ties (round half to even) and subnormals.
    for (DType from : env.supported(EnumSet.of(DType.FLOAT32, DType.FLOAT64))) {
      for (DType to : env.supported(EnumSet.of(DType.FLOAT16, DType.BFLOAT16))) {
        String ties = "COPY " + from + "->" + to + " exact ties";
        tests.add(Env.test(ties, () -> {
          // Odd multiples of half the target's spacing in [1, 2), both signs: every value is a tie.
          double half = to == DType.FLOAT16 ? 0x1p-11 : 0x1p-8;
          Random r = Env.random(ties);
          Nd x = Nd.zeros(from, 64);
          for (int k = 0; k < 64; k++) x.set(k, (k % 2 == 0 ? 1 : -1) * (1 + (2 * r.nextInt(100) + 1) * half));
          Check.close(ties, Ref.cast(x, to), env.tensor(x).to(to), false);
        }));
        String tiny = "COPY " + from + "->" + to + " subnormal and underflowing values";
        tests.add(Env.test(tiny, () -> {
          Random r = Env.random(tiny);
          Nd x = Nd.zeros(from, 64);
          for (int k = 0; k < 64; k++) x.set(k, (k % 2 == 0 ? 1 : -1) * Math.pow(10, -9 + 5 * r.nextDouble()));
          Check.close(tiny, Ref.cast(x, to), null, env.tensor(x).to(to), new Check.Tol(0, 0));
        }));
      }
    }
    return tests;
  }

  /**
   * Inputs whose conversion PyTorch defines: floats going to an integer type stay inside its range
   * (out-of-range float-to-int is undefined in C++), with fractions to check truncation.
   */
  private static Nd castInput(Random r, DType from, DType to, Arg arg) {
    if (!from.isFloatingPoint() || to.isFloatingPoint() || to == DType.BOOL) return arg.draw(r, from, Domain.SPECIAL);
    double lo = switch (to) {
      case UINT8 -> 0;
      case INT8 -> -120;
      default -> -30000;
    };
    double hi = switch (to) {
      case UINT8 -> 250;
      case INT8 -> 120;
      default -> 30000;
    };
    Nd x = Nd.zeros(from, arg.shape());
    for (int k = 0; k < x.numel(); k++) x.set(k, lo + (hi - lo) * r.nextDouble());
    return x;
  }

  /** FILL through full() and through fill_ on a strided view (only the view's elements change). */
  static List<DynamicTest> fill(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    List<Number> values = List.of(0, 1, -3, 2.5, 1e-3);
    for (DType t : env.supported(OpCase.ALL)) {
      for (Number v : values) {
        if (!t.isFloatingPoint() && v instanceof Double d && (d != Math.rint(d) || Math.abs(d) > 100)) continue;
        for (int[] shape : List.of(new int[0], new int[] {0}, new int[] {207}, new int[] {13, 7})) {
          String name = "FILL " + t + " " + v + " " + Nd.label(shape);
          tests.add(Env.test(name, () -> {
            Tensor out = Tensor.full(Shape.of(shape), v, t, env.device());
            Nd expected = Nd.zeros(t, shape);
            for (int k = 0; k < expected.numel(); k++) {
              if (v instanceof Double d) expected.set(k, d);
              else expected.setLong(k, v.longValue());
            }
            Check.close(name, expected, out, false);
          }));
        }
      }
      String name = "FILL_ " + t + " on [13,15] every 2nd column from 1";
      tests.add(Env.test(name, () -> {
        Nd base = Domain.SMALL.draw(Env.random(name), t, 13, 15);
        Tensor x = env.tensor(base);
        x.slice(1, 1, 15, 2).fill_(1);
        Nd expected = Ref.cast(base, t);
        for (int i = 0; i < 13; i++) for (int j = 1; j < 15; j += 2) expected.setLong(i * 15 + j, 1);
        Check.close(name, expected, x, false);
      }));
    }
    return tests;
  }

  /** RANDOM_UNIFORM and RANDOM_NORMAL must reproduce {@link Philox} exactly (normal to an ulp or two). */
  static List<DynamicTest> random(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    long[] seeds = {0, 42, -7_123_456_789L};
    for (DType t : env.supported(OpCase.FLOATS)) {
      for (Op op : List.of(Op.RANDOM_UNIFORM, Op.RANDOM_NORMAL)) {
        for (int[] shape : List.of(new int[0], new int[] {1}, new int[] {13}, new int[] {207}, new int[] {3, 5}, new int[] {0, 4})) {
          for (long seed : seeds) {
            String name = op + " " + t + " " + Nd.label(shape) + " seed " + seed;
            tests.add(Env.test(name, () -> {
              Generator g = new Generator(seed);
              Tensor first = draw(op, shape, t, env, g);
              Tensor second = draw(op, shape, t, env, g);
              int n = Shape.numel(shape);
              long used = Philox.wordsUsed(op, t, n);
              assertEquals(2 * used, g.state()[1], name + ": generator offset after two draws of " + n);
              Check.close(name + " (first draw)", philox(op, t, seed, 0, shape), null, first, randomTol(op, t));
              Check.close(name + " (second draw)", philox(op, t, seed, used, shape), null, second, randomTol(op, t));
              Tensor again = draw(op, shape, t, env, new Generator(seed));
              Check.values(name + " (same seed again)", DTypes.download(first), null, DTypes.download(again), new Check.Tol(0, 0));
            }));
          }
        }
        // Offsets that are not block-aligned and cross the 2^32 block-counter boundary, through the SPI.
        for (long offset : new long[] {1, 7, 4L * 0xFFFF_FFFFL - 6}) {
          String name = op + " " + t + " SPI offset " + offset;
          tests.add(Env.test(name, () -> {
            int[] shape = {29};
            Storage s = env.backend().allocate(t, 29);
            env.backend().random(op, Operand.contiguous(s, shape), 1234, offset);
            Nd probe = Nd.zeros(t, shape);
            Object host = DTypes.encode(probe);
            env.backend().read(s, 0, host, 0, 29);
            Check.values(name, philox(op, t, 1234, offset, shape), null, DTypes.decode(host, t, shape), randomTol(op, t));
          }));
        }
      }
    }
    for (DType t : env.supported(OpCase.FLOATS)) {
      String name = "RANDOM_UNIFORM " + t + " different seeds differ";
      tests.add(Env.test(name, () -> {
        Nd a = DTypes.download(draw(Op.RANDOM_UNIFORM, new int[] {64}, t, env, new Generator(1)));
        Nd b = DTypes.download(draw(Op.RANDOM_UNIFORM, new int[] {64}, t, env, new Generator(2)));
        assertNotEquals(Arrays.toString(a.f), Arrays.toString(b.f), name);
      }));
    }
    return tests;
  }

  private static Tensor draw(Op op, int[] shape, DType t, Env env, Generator g) {
    return op == Op.RANDOM_UNIFORM ? Tensor.rand(Shape.of(shape), t, env.device(), g) : Tensor.randn(Shape.of(shape), t, env.device(), g);
  }

  private static Nd philox(Op op, DType t, long seed, long offset, int[] shape) {
    Nd r = Nd.zeros(t, shape);
    for (int i = 0; i < r.numel(); i++) r.set(i, Philox.sample(op, t, seed, offset, i));
    return r;
  }

  /** Uniform draws are exact; normal draws go through log and cos, so allow a couple of ulps. */
  private static Check.Tol randomTol(Op op, DType t) {
    if (op == Op.RANDOM_UNIFORM) return new Check.Tol(0, 0);
    return switch (t) {
      case FLOAT64 -> new Check.Tol(1e-13, 1e-13);
      case FLOAT32 -> new Check.Tol(3e-7, 3e-7);
      case FLOAT16 -> new Check.Tol(1e-3, 1e-3);
      default -> new Check.Tol(8e-3, 8e-3);
    };
  }

  /** A movement op through the API and the same view taken on host arrays by the reference. */
  record Movement(String name, UnaryOperator<Tensor> run, Function<Nd, Nd> ref) {}

  static final List<Movement> MOVEMENTS = List.of(
      new Movement("view(5,12)", x -> x.view(5, 12), x -> x.reshape(5, 12)),
      new Movement("view(-1)", x -> x.view(-1), x -> x.reshape(60)),
      new Movement("permute(2,0,1)", x -> x.permute(2, 0, 1), x -> Ref.permute(x, new int[] {2, 0, 1})),
      new Movement("transpose(0,2)", x -> x.transpose(0, 2), x -> Ref.permute(x, new int[] {2, 1, 0})),
      new Movement("unsqueeze(0).expand(2,3,4,5)", x -> x.unsqueeze(0).expand(2, 3, 4, 5), x -> Ref.broadcastTo(x, new int[] {2, 3, 4, 5})),
      new Movement("narrow(1,2,1).expand(-1,4,-1)", x -> x.narrow(1, 2, 1).expand(-1, 4, -1),
          x -> Ref.broadcastTo(Ref.slice(x, 1, 2, 3, 1), new int[] {3, 4, 5})),
      new Movement("slice(1,1,4,2)", x -> x.slice(1, 1, 4, 2), x -> Ref.slice(x, 1, 1, 4, 2)),
      new Movement("slice(2,-3,100,1)", x -> x.slice(2, -3, 100, 1), x -> Ref.slice(x, 2, 2, 5, 1)),
      new Movement("slice(0,2,2,1) empty", x -> x.slice(0, 2, 2, 1), x -> Ref.slice(x, 0, 2, 2, 1)),
      new Movement("select(1,2)", x -> x.select(1, 2), x -> Ref.select(x, 1, 2)),
      new Movement("select(-1,-1)", x -> x.select(-1, -1), x -> Ref.select(x, 2, 4)),
      new Movement("flip(0,2)", x -> x.flip(0, 2), x -> Ref.flip(x, 0, 2)),
      new Movement("transpose(0,1).slice(0,0,4,2).flip(1)", x -> x.transpose(0, 1).slice(0, 0, 4, 2).flip(1),
          x -> Ref.flip(Ref.slice(Ref.permute(x, new int[] {1, 0, 2}), 0, 0, 4, 2), 1)),
      new Movement("permute(1,0,2).reshape(4,15)", x -> x.permute(1, 0, 2).reshape(4, 15),
          x -> Ref.permute(x, new int[] {1, 0, 2}).reshape(4, 15)),
      new Movement("unsqueeze(1).squeeze(1)", x -> x.unsqueeze(1).squeeze(1), x -> x),
      new Movement("select(0,1).t()", x -> x.select(0, 1).t(), x -> Ref.permute(Ref.select(x, 0, 1), new int[] {1, 0})));

  /** CAT (dl-api's COPY into slices of a new tensor) and stack, from contiguous, transposed, sliced and empty parts. */
  static List<DynamicTest> joins(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.ALL)) {
      String rows = "CAT " + t + " [2,5]+[3,5]T+[0,5]+[4,5]S dim 0";
      tests.add(Env.test(rows, () -> {
        Random r = Env.random(rows);
        List<Arg> args = List.of(Arg.of(2, 5), Arg.transposed(3, 5), Arg.of(0, 5), Arg.sliced(4, 5));
        List<Nd> values = new ArrayList<>();
        List<Tensor> parts = new ArrayList<>();
        for (Arg a : args) {
          Nd v = a.draw(r, t, Domain.STANDARD);
          values.add(v);
          parts.add(env.tensor(a, v));
        }
        Check.close(rows, Ref.cat(values, 0), Tensor.cat(parts, 0), false);
      }));
      String cols = "CAT " + t + " [3,1]+[3,13]S+[3,4]E dim -1";
      tests.add(Env.test(cols, () -> {
        Random r = Env.random(cols);
        List<Arg> args = List.of(Arg.of(3, 1), Arg.sliced(3, 13), Arg.expanded(3, 4));
        List<Nd> values = new ArrayList<>();
        List<Tensor> parts = new ArrayList<>();
        for (Arg a : args) {
          Nd v = a.draw(r, t, Domain.STANDARD);
          values.add(v);
          parts.add(env.tensor(a, v));
        }
        Check.close(cols, Ref.cat(values, 1), Tensor.cat(parts, -1), false);
      }));
      String stack = "STACK " + t + " 3x[4,5]T dim 1";
      tests.add(Env.test(stack, () -> {
        Random r = Env.random(stack);
        List<Nd> values = new ArrayList<>();
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Nd v = Arg.transposed(4, 5).draw(r, t, Domain.STANDARD);
          values.add(v.reshape(4, 1, 5));
          parts.add(env.tensor(Arg.transposed(4, 5), v));
        }
        Check.close(stack, Ref.cat(values, 1), Tensor.stack(parts, 1), false);
      }));
    }
    return tests;
  }

  /** Movement ops are views made in dl-api; reading them back runs the backend's COPY on odd strides. */
  static List<DynamicTest> movement(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.ALL)) {
      for (Movement m : MOVEMENTS) {
        String name = "MOVEMENT " + m.name() + " " + t + " [3,4,5]";
        tests.add(Env.test(name, () -> {
          Nd x = Domain.STANDARD.draw(Env.random(name), t, 3, 4, 5);
          Tensor view = m.run().apply(env.tensor(x));
          Nd expected = m.ref().apply(x);
          Check.close(name + " contiguous()", expected, view.contiguous(), false);
          Check.close(name + " clone()", expected, view.clone(), false);
          // An elementwise op reads the view through its strides directly.
          if (t != DType.BOOL) {
            Check.close(name + " mul(1)", expected, view.mul(env.tensor(Nd.ofLongs(t, new int[0], new long[] {1}))), false);
          }
        }));
      }
      String name = "IN-PLACE add_ through a transposed view " + t;
      if (t != DType.BOOL) {
        tests.add(Env.test(name, () -> {
          Random r = Env.random(name);
          Nd base = Domain.SMALL.draw(r, t, 4, 6);
          Nd other = Domain.SMALL.draw(r, t, 6, 4);
          Tensor x = env.tensor(base);
          x.t().add_(env.tensor(other));
          Nd expected = Ref.zip(base, Ref.permute(other, new int[] {1, 0}), t, Double::sum, Long::sum);
          Check.close(name, expected, x, false);
        }));
      }
    }
    return tests;
  }
}
