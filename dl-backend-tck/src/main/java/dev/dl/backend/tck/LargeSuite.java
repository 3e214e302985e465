package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import dev.dl.spi.Philox;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;

/**
 * A few ops at sizes above typical parallel grain sizes and vector/blocking tiles (odd, not powers
 * of two), so a backend's split-and-join and tail paths are exercised, not only its small-size path.
 */
final class LargeSuite {
  private LargeSuite() {}

  static List<DynamicTest> tests(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    int[] big = {301, 257};
    for (DType t : env.supported(EnumSet.of(DType.FLOAT32, DType.FLOAT64, DType.INT32))) {
      String add = "ADD " + t + " [301,257]x[257] broadcast large";
      tests.add(Env.test(add, () -> {
        Random r = Env.random(add);
        Nd a = Domain.STANDARD.draw(r, t, big);
        Nd b = Domain.STANDARD.draw(r, t, 257);
        Check.close(add, Ref.zip(a, b, t, Double::sum, Long::sum), env.tensor(a).add(env.tensor(b)), false);
      }));
      for (int dim = 0; dim < 2; dim++) {
        int d = dim;
        String sum = "SUM " + t + " [301,257]T dims[" + d + "] large";
        tests.add(Env.test(sum, () -> {
          Arg arg = Arg.transposed(big);
          Nd x = arg.draw(Env.random(sum), t, Domain.STANDARD);
          DType out = t.isFloatingPoint() ? t : DType.INT64;
          Nd scale = t.isFloatingPoint() ? Ref.reduce(Op.SUM, Ref.magnitude(x), new int[] {d}, false, DType.FLOAT64) : null;
          Check.close(sum, Ref.reduce(Op.SUM, x, new int[] {d}, false, out), scale,
              env.tensor(arg, x).sum(new int[] {d}, false), Check.Tol.of(out, false));
        }));
      }
      String cumsum = "CUMSUM " + t + " [301,257] dim 0 large";
      tests.add(Env.test(cumsum, () -> {
        Nd x = Domain.SMALL.draw(Env.random(cumsum), t, big);
        DType out = t.isFloatingPoint() ? t : DType.INT64;
        Nd scale = t.isFloatingPoint() ? Ref.scan(Op.CUMSUM, Ref.magnitude(x), 0, DType.FLOAT64) : null;
        Check.close(cumsum, Ref.scan(Op.CUMSUM, x, 0, out), scale, env.tensor(x).cumsum(0), Check.Tol.of(out, false));
      }));
    }
    for (DType t : env.supported(OpCase.FLOATS)) {
      String exp = "EXP " + t + " [301,257]S large";
      tests.add(Env.test(exp, () -> {
        Arg arg = Arg.sliced(big);
        Nd x = arg.draw(Env.random(exp), t, Domain.SMALL);
        Check.close(exp, Ref.map(x, t, Math::exp, null), env.tensor(arg, x).exp(), true);
      }));
      String mm = "MATMUL mm " + t + " [67,131]Tx[131,97] large";
      tests.add(Env.test(mm, () -> {
        Random r = Env.random(mm);
        Arg aa = Arg.transposed(67, 131);
        Nd a = aa.draw(r, t, Domain.SMALL);
        Nd b = Domain.SMALL.draw(r, t, 131, 97);
        Check.close(mm, Ref.matmul(a, b), Ref.matmul(Ref.magnitude(a), Ref.magnitude(b)),
            env.tensor(aa, a).mm(env.tensor(b)), Check.Tol.of(t, false));
      }));
      String softmax = "SOFTMAX " + t + " [301,257] dim 1 large";
      tests.add(Env.test(softmax, () -> {
        Nd x = Domain.WIDE.draw(Env.random(softmax), t, big);
        Check.close(softmax, Ref.softmax(x, 1, false), env.tensor(x).softmax(1), true);
      }));
      String copy = "COPY " + t + "->float16 [301,257]T large";
      if (env.dtypes().contains(DType.FLOAT16)) tests.add(Env.test(copy, () -> {
        Arg arg = Arg.transposed(big);
        Nd x = arg.draw(Env.random(copy), t, Domain.SMALL);
        Check.close(copy, Ref.cast(x, DType.FLOAT16), env.tensor(arg, x).to(DType.FLOAT16), false);
      }));
      String rand = "RANDOM_UNIFORM " + t + " [100003] large";
      tests.add(Env.test(rand, () -> {
        Tensor out = Tensor.rand(Shape.of(100_003), t, env.device(), new Generator(99));
        Nd expected = Nd.zeros(t, 100_003);
        for (int i = 0; i < expected.numel(); i++) expected.set(i, Philox.sample(Op.RANDOM_UNIFORM, t, 99, 0, i));
        Check.close(rand, expected, null, out, new Check.Tol(0, 0));
      }));
    }
    return tests;
  }
}
