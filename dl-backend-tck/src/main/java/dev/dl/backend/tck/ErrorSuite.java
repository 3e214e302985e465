package dev.dl.backend.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dl.Backends;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input on this device must fail with a clear exception that names what went wrong, never a
 * crash from inside a kernel (NullPointerException, ArrayIndexOutOfBoundsException, a native error).
 */
final class ErrorSuite {
  private ErrorSuite() {}

  static List<DynamicTest> tests(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(error("matmul [2,3]x[4,5]", () -> f32(env, 2, 3).matmul(f32(env, 4, 5)), "2x3|[2, 3]", "4x5|[4, 5]"));
    tests.add(error("mm [2,3]x[4,5]", () -> f32(env, 2, 3).mm(f32(env, 4, 5)), "2x3|[2, 3]", "4x5|[4, 5]"));
    tests.add(error("bmm batch [2,3,4]x[3,4,5]", () -> f32(env, 2, 3, 4).bmm(f32(env, 3, 4, 5)), "bmm"));
    tests.add(error("matmul [13]x[7]", () -> f32(env, 13).matmul(f32(env, 7)), "13", "7"));
    tests.add(error("add broadcast [3]x[4]", () -> f32(env, 3).add(f32(env, 4)), "add", "3", "4"));
    tests.add(error("where broadcast [2,3]?[4]:[1]", () -> Tensor.where(f32(env, 2, 3).gt(0), f32(env, 4), f32(env, 1)), "where"));
    tests.add(error("add_ into a smaller shape [3]+=[2,3]", () -> f32(env, 3).add_(f32(env, 2, 3)), "add_"));
    // PyTorch refuses in-place writes whose input partly overlaps the output; computing anyway gives silently wrong values.
    tests.add(error("add_ of a [2,2] tensor and its own transpose", () -> {
      Tensor x = f32(env, 2, 2);
      x.add_(x.t());
    }, "memory location|overlap"));
    tests.add(error("expand [3] to [4]", () -> f32(env, 3).expand(4), "expand|3"));
    tests.add(error("view of a transposed [3,4] as [-1]", () -> f32(env, 3, 4).t().view(-1), "view"));
    tests.add(error("sum over dim 5 of [2,3]", () -> f32(env, 2, 3).sum(5), "5"));
    tests.add(error("softmax over dim -3 of [2,3]", () -> f32(env, 2, 3).softmax(-3), "-3"));
    tests.add(error("gather dim 2 of [4,5]", () -> f32(env, 4, 5).gather(2, index(env, new long[] {0}, 1, 1)), "2"));
    tests.add(error("gather index 5 out of range for [4,5] dim 1",
        () -> f32(env, 4, 5).gather(1, index(env, new long[] {0, 5, 1, 2}, 4, 1)), "5"));
    tests.add(error("gather index -6 out of range for [4,5] dim 1",
        () -> f32(env, 4, 5).gather(1, index(env, new long[] {0, -6, 1, 2}, 4, 1)), "-6"));
    tests.add(error("gather with a float32 index", () -> f32(env, 4, 5).gather(1, f32(env, 4, 1)), "int64|long"));
    tests.add(error("scatter index 13 out of range for [4,13] dim 1",
        () -> f32(env, 4, 13).scatter(1, index(env, new long[] {13, 0, 0, 0}, 4, 1), f32(env, 4, 1)), "13"));
    tests.add(error("indexSelect index 7 out of range for [7,3] dim 0",
        () -> f32(env, 7, 3).indexSelect(0, index(env, new long[] {1, 7}, 2)), "7"));
    tests.add(error("sub on bool", () -> f32(env, 3).gt(0).sub(f32(env, 3).lt(0)), "sub", "bool"));
    tests.add(error("neg on bool", () -> f32(env, 3).gt(0).neg(), "neg", "bool"));
    tests.add(error("where with a float32 condition", () -> Tensor.where(f32(env, 3), f32(env, 3), f32(env, 3)), "bool"));
    tests.add(error("max of an empty tensor", () -> f32(env, 0, 3).max(), "empty|numel|0"));
    tests.add(error("argmax over an empty dim", () -> f32(env, 0, 3).argmax(0, false), "empty|0"));
    tests.add(error("item of [3]", () -> f32(env, 3).item(), "3"));
    tests.add(error("rand with int64", () -> Tensor.rand(Shape.of(3), DType.INT64, env.device(), new Generator(1)), "int64|long"));
    tests.add(error("conv2d channel mismatch [1,3,5,5]*[2,4,3,3]",
        () -> f32(env, 1, 3, 5, 5).conv2d(f32(env, 2, 4, 3, 3), null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), "3", "4"));
    for (DType t : env.supported(OpCase.INTS)) {
      tests.add(error("floorDivide " + t + " by zero", () -> ints(env, t, 5).floorDivide(ints(env, t, 0)), "zero"));
      tests.add(error("remainder " + t + " by zero", () -> ints(env, t, 5).remainder(ints(env, t, 0)), "zero"));
      tests.add(error("fmod " + t + " by zero", () -> ints(env, t, 5).fmod(ints(env, t, 0)), "zero"));
    }
    tests.add(Env.test("ERROR device mismatch", () -> {
      Device other = Backends.devices().stream().filter(d -> !d.equals(env.device())).findFirst().orElse(null);
      Assumptions.assumeTrue(other != null, "needs a second available device besides " + env.device());
      Tensor here = f32(env, 3);
      Tensor there = Tensor.zeros(Shape.of(3), DType.FLOAT32, other);
      expect("ERROR device mismatch", () -> here.add(there), env.device().toString(), other.toString());
    }));
    return tests;
  }

  private static Tensor f32(Env env, int... shape) {
    return env.tensor(Domain.SMALL.draw(Env.random("error input"), DType.FLOAT32, shape));
  }

  private static Tensor ints(Env env, DType t, long value) {
    return env.tensor(Nd.ofLongs(t, new int[] {2}, new long[] {value, value}));
  }

  private static Tensor index(Env env, long[] values, int... shape) {
    return env.tensor(Nd.ofLongs(DType.INT64, shape, values));
  }

  /**
   * A test that {@code body} fails with a plain runtime exception whose message contains, for
   * every group, one of its {@code |}-separated alternatives (case-insensitive).
   */
  static DynamicTest error(String name, Executable body, String... groups) {
    return Env.test("ERROR " + name, () -> expect("ERROR " + name, body, groups));
  }

  static void expect(String name, Executable body, String... groups) {
    RuntimeException e = assertThrows(RuntimeException.class, body, name + ": expected a clear exception");
    if (e instanceof NullPointerException || e instanceof ArrayIndexOutOfBoundsException || e instanceof ClassCastException
        || e instanceof UnsupportedOperationException) {
      fail(name + ": expected a clear error but got a crash: " + e, e);
    }
    String message = String.valueOf(e.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    for (String group : groups) {
      boolean found = false;
      for (String alternative : group.split("\\|")) found |= lower.contains(alternative.toLowerCase(Locale.ROOT));
      assertTrue(found, name + ": the message should mention " + group.replace("|", " or ") + ": " + e);
    }
  }
}
