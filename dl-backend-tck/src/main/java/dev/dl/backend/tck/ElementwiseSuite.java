package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;

/** Every row of {@link ElementwiseTable} at every supported dtype and awkward shape, plus where and promotion. */
final class ElementwiseSuite {
  private ElementwiseSuite() {}

  /** Unary inputs: scalar, empty, size-1 dims, the sizes 1, 13 and 207, and non-contiguous views. */
  static final List<Arg> UNARY_ARGS = List.of(
      Arg.of(), Arg.of(0), Arg.of(3, 0), Arg.of(1), Arg.of(1, 1, 1), Arg.of(13), Arg.of(207), Arg.of(13, 1, 4),
      Arg.transposed(5, 13), Arg.sliced(13, 7), Arg.expanded(4, 13));

  /** Binary input pairs, with what each one exercises. */
  record Pair(Arg a, Arg b, String what) {
    String label() { return a.label() + "x" + b.label() + (what.isEmpty() ? "" : " " + what); }
  }

  static final List<Pair> BINARY_ARGS = List.of(
      new Pair(Arg.of(), Arg.of(), "scalars"),
      new Pair(Arg.of(13), Arg.of(13), ""),
      new Pair(Arg.of(207), Arg.of(207), ""),
      new Pair(Arg.of(13, 1), Arg.of(207), "broadcast"),
      new Pair(Arg.of(), Arg.of(4, 13), "broadcast scalar"),
      new Pair(Arg.of(0, 3), Arg.of(3), "empty"),
      new Pair(Arg.of(1), Arg.of(13), "broadcast size-1"),
      new Pair(Arg.of(3, 1, 5), Arg.of(1, 4, 1), "broadcast both"),
      new Pair(Arg.transposed(5, 13), Arg.of(5, 13), "transposed"),
      new Pair(Arg.sliced(13, 7), Arg.of(1, 7), "sliced broadcast"),
      new Pair(Arg.of(13, 7), Arg.sliced(13, 7), "sliced"),
      new Pair(Arg.expanded(4, 13), Arg.transposed(4, 13), "expanded"));

  static List<DynamicTest> unary(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (OpCase c : ElementwiseTable.UNARY) {
      for (DType t : env.supported(c.dtypes())) {
        for (Arg arg : UNARY_ARGS) {
          String name = c.name() + " " + t + " " + arg.label();
          tests.add(Env.test(name, () -> {
            Random r = Env.random(name);
            Nd x = arg.draw(r, t, c.domains().get(0));
            Tensor out = c.run().apply(new Tensor[] {env.tensor(arg, x)});
            Nd expected = c.ref().apply(new Nd[] {x});
            Check.close(name, expected, out, c.transcendental());
          }));
        }
      }
    }
    return tests;
  }

  static List<DynamicTest> binary(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (OpCase c : ElementwiseTable.BINARY) {
      for (DType t : env.supported(c.dtypes())) {
        for (Pair p : BINARY_ARGS) {
          String name = c.name() + " " + t + " " + p.label();
          tests.add(Env.test(name, () -> {
            Random r = Env.random(name);
            Nd a = p.a().draw(r, t, c.domains().get(0));
            Nd b = p.b().draw(r, t, c.domains().get(1));
            Tensor out = c.run().apply(new Tensor[] {env.tensor(p.a(), a), env.tensor(p.b(), b)});
            Nd expected = c.ref().apply(new Nd[] {a, b});
            Check.close(name, expected, out, c.transcendental());
          }));
        }
      }
    }
    return tests;
  }

  /** WHERE with a bool condition, every dtype, broadcasting between all three inputs. */
  static List<DynamicTest> where(Env env) {
    List<Arg[]> shapes = List.of(
        new Arg[] {Arg.of(), Arg.of(), Arg.of()},
        new Arg[] {Arg.of(13), Arg.of(13), Arg.of(13)},
        new Arg[] {Arg.of(13, 1), Arg.of(207), Arg.of()},
        new Arg[] {Arg.transposed(5, 13), Arg.sliced(5, 13), Arg.of(1, 13)},
        new Arg[] {Arg.of(0, 3), Arg.of(3), Arg.of(1)},
        new Arg[] {Arg.expanded(4, 13), Arg.of(4, 1), Arg.transposed(4, 13)});
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.ALL)) {
      for (Arg[] s : shapes) {
        String name = "WHERE " + t + " " + s[0].label() + "?" + s[1].label() + ":" + s[2].label();
        tests.add(Env.test(name, () -> {
          Random r = Env.random(name);
          Nd cond = s[0].draw(r, DType.BOOL, Domain.STANDARD);
          Nd a = s[1].draw(r, t, Domain.STANDARD);
          Nd b = s[2].draw(r, t, Domain.STANDARD);
          Tensor out = Tensor.where(env.tensor(s[0], cond), env.tensor(s[1], a), env.tensor(s[2], b));
          Check.close(name, Ref.where(cond, a, b), out, false);
        }));
      }
    }
    return tests;
  }

  /** Mixed dtypes: the dispatcher casts on the device (COPY) before the kernel runs, as PyTorch's result_type. */
  static List<DynamicTest> promotion(Env env) {
    record Mix(DType a, int[] sa, DType b, int[] sb, DType expected) {}
    List<Mix> mixes = List.of(
        new Mix(DType.INT32, new int[] {13}, DType.FLOAT16, new int[] {13}, DType.FLOAT16),
        new Mix(DType.UINT8, new int[] {13}, DType.INT8, new int[] {13}, DType.INT16),
        new Mix(DType.BOOL, new int[] {13}, DType.INT8, new int[] {13}, DType.INT8),
        new Mix(DType.FLOAT16, new int[] {13}, DType.BFLOAT16, new int[] {13}, DType.FLOAT32),
        new Mix(DType.INT64, new int[] {13}, DType.FLOAT64, new int[0], DType.FLOAT64),
        new Mix(DType.FLOAT16, new int[] {13}, DType.FLOAT64, new int[0], DType.FLOAT16),
        new Mix(DType.INT8, new int[] {13}, DType.INT64, new int[0], DType.INT8),
        new Mix(DType.FLOAT32, new int[] {4, 13}, DType.INT64, new int[] {13}, DType.FLOAT32));
    List<DynamicTest> tests = new ArrayList<>();
    for (Mix m : mixes) {
      if (!env.dtypes().contains(m.a()) || !env.dtypes().contains(m.b()) || !env.dtypes().contains(m.expected())) continue;
      String name = "ADD promotion " + m.a() + Nd.label(m.sa()) + "+" + m.b() + Nd.label(m.sb()) + " -> " + m.expected();
      tests.add(Env.test(name, () -> {
        Random r = Env.random(name);
        Nd a = Domain.SMALL.draw(r, m.a(), m.sa());
        Nd b = Domain.SMALL.draw(r, m.b(), m.sb());
        Tensor out = env.tensor(a).add(env.tensor(b));
        Nd expected = Ref.zip(Ref.cast(a, m.expected()), Ref.cast(b, m.expected()), m.expected(), Double::sum, Long::sum);
        Check.close(name, expected, out, false);
      }));
    }
    return tests;
  }
}
