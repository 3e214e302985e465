package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;

/** Reductions over dim sets (keepdim or not), scans, and softmax, against the reference. */
final class ReductionSuite {
  private ReductionSuite() {}

  /** How the public API runs a reduction: dims null means over everything. */
  interface Runner {
    Tensor run(Tensor x, int[] dims, boolean keepdim);
  }

  /**
   * One row per reduction: the API call, the dtypes, the input domain, and whether it takes a set
   * of dims (SUM, MAX, MIN) or exactly one (PROD and the ARG ops).
   */
  record ReduceCase(Op op, String name, Runner run, Set<DType> dtypes, Domain domain, boolean multiDim, boolean emptyOk) {
    ReduceCase(Op op, Runner run, Set<DType> dtypes, Domain domain, boolean multiDim, boolean emptyOk) {
      this(op, op.name(), run, dtypes, domain, multiDim, emptyOk);
    }

    /** PyTorch's result dtype: integer and bool sums and products widen to int64; ARG* write int64. */
    DType outType(DType in) {
      if (op == Op.ARGMAX || op == Op.ARGMIN) return DType.INT64;
      if ((op == Op.SUM || op == Op.PROD) && !in.isFloatingPoint()) return DType.INT64;
      return in;
    }
  }

  static final List<ReduceCase> TABLE = List.of(
      new ReduceCase(Op.SUM, (x, d, k) -> d == null ? x.sum() : x.sum(d, k), OpCase.ALL, Domain.STANDARD, true, true),
      new ReduceCase(Op.PROD, (x, d, k) -> d == null ? x.prod() : x.prod(d[0], k), OpCase.ALL, Domain.NEAR_ONE, false, true),
      new ReduceCase(Op.MAX, (x, d, k) -> d == null ? x.max() : x.amax(d, k), OpCase.ALL, Domain.GRID, true, false),
      new ReduceCase(Op.MIN, (x, d, k) -> d == null ? x.min() : x.amin(d, k), OpCase.ALL, Domain.GRID, true, false),
      new ReduceCase(Op.ARGMAX, (x, d, k) -> d == null ? x.argmax() : x.argmax(d[0], k), OpCase.NUMERIC, Domain.GRID, false, false),
      new ReduceCase(Op.ARGMIN, (x, d, k) -> d == null ? x.argmin() : x.argmin(d[0], k), OpCase.NUMERIC, Domain.GRID, false, false),
      // NaN propagates through sum, max and min; ARG* point at the first NaN; infinities add up.
      new ReduceCase(Op.SUM, "SUM specials", (x, d, k) -> d == null ? x.sum() : x.sum(d, k), OpCase.FLOATS, Domain.SPECIAL, true, true),
      new ReduceCase(Op.MAX, "MAX specials", (x, d, k) -> d == null ? x.max() : x.amax(d, k), OpCase.FLOATS, Domain.SPECIAL, true, false),
      new ReduceCase(Op.MIN, "MIN specials", (x, d, k) -> d == null ? x.min() : x.amin(d, k), OpCase.FLOATS, Domain.SPECIAL, true, false),
      new ReduceCase(Op.ARGMAX, "ARGMAX specials", (x, d, k) -> d == null ? x.argmax() : x.argmax(d[0], k), OpCase.FLOATS, Domain.SPECIAL, false, false));

  /** An input and the dims to reduce (null: all). */
  record Variant(Arg arg, int[] dims, boolean keepdim) {
    String label() {
      return arg.label() + (dims == null ? " all" : " dims" + Nd.label(dims)) + (keepdim ? " keepdim" : "");
    }

    boolean multi() { return dims != null && dims.length > 1; }

    /** Reduces over a zero-size dim (only SUM and PROD define that). */
    boolean reducesEmpty() {
      if (dims == null) return arg.shape().length > 0 && Nd.zeros(DType.INT64, arg.shape()).numel() == 0;
      for (int d : dims) if (arg.shape()[d < 0 ? d + arg.shape().length : d] == 0) return true;
      return false;
    }
  }

  static final List<Variant> VARIANTS = List.of(
      new Variant(Arg.of(), null, false),
      new Variant(Arg.of(13), new int[] {0}, false),
      new Variant(Arg.of(207), null, false),
      new Variant(Arg.of(2, 207), new int[] {1}, true),
      new Variant(Arg.of(4, 13, 5), new int[] {1}, false),
      new Variant(Arg.of(4, 13, 5), new int[] {-1}, true),
      new Variant(Arg.of(4, 13, 5), new int[] {0, 2}, true),
      new Variant(Arg.of(4, 13, 5), new int[] {0, 1, 2}, false),
      new Variant(Arg.of(3, 1, 5), new int[] {1}, false),
      new Variant(Arg.transposed(5, 13), new int[] {0}, false),
      new Variant(Arg.transposed(5, 13), new int[] {1}, true),
      new Variant(Arg.sliced(13, 7), new int[] {1}, false),
      new Variant(Arg.expanded(4, 13), new int[] {0}, false),
      new Variant(Arg.of(0, 3), new int[] {0}, false),
      new Variant(Arg.of(0, 3), new int[] {1}, false));

  static List<DynamicTest> reductions(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (ReduceCase c : TABLE) {
      for (DType t : env.supported(c.dtypes())) {
        for (Variant v : VARIANTS) {
          if ((v.multi() && !c.multiDim()) || (v.reducesEmpty() && !c.emptyOk())) continue;
          String name = c.name() + " " + t + " " + v.label();
          tests.add(Env.test(name, () -> {
            Random r = Env.random(name);
            Nd x = v.arg().draw(r, t, c.domain());
            Tensor out = c.run().run(env.tensor(v.arg(), x), v.dims(), v.keepdim());
            DType outType = c.outType(t);
            Nd expected = Ref.reduce(c.op(), x, v.dims(), v.keepdim(), outType);
            if (outType.isFloatingPoint()) {
              // Sums are judged against the sum of magnitudes: cancellation may not demand more than the dtype holds.
              Nd scale = c.op() == Op.SUM ? Ref.reduce(Op.SUM, Ref.magnitude(x), v.dims(), v.keepdim(), DType.FLOAT64) : null;
              Check.close(name, expected, scale, out, Check.Tol.of(outType, c.op() == Op.PROD));
            } else {
              Check.close(name, expected, out, false);
            }
          }));
        }
      }
    }
    // max(dim) returns values and indices together.
    for (DType t : env.supported(OpCase.NUMERIC)) {
      String name = "MAX values+indices " + t + " [4,13] dim 1";
      tests.add(Env.test(name, () -> {
        Nd x = Domain.GRID.draw(Env.random(name), t, 4, 13);
        Tensor.ValuesIndices vi = env.tensor(x).max(1, false);
        Check.close(name + " values", Ref.reduce(Op.MAX, x, new int[] {1}, false, t), vi.values(), false);
        Check.close(name + " indices", Ref.reduce(Op.ARGMAX, x, new int[] {1}, false, DType.INT64), vi.indices(), false);
      }));
    }
    return tests;
  }

  static final List<Variant> SCAN_VARIANTS = List.of(
      new Variant(Arg.of(), new int[] {0}, false),
      new Variant(Arg.of(13), new int[] {0}, false),
      new Variant(Arg.of(207), new int[] {0}, false),
      new Variant(Arg.of(4, 13, 5), new int[] {1}, false),
      new Variant(Arg.of(4, 13, 5), new int[] {-1}, false),
      new Variant(Arg.of(3, 1, 5), new int[] {1}, false),
      new Variant(Arg.of(0, 3), new int[] {1}, false),
      new Variant(Arg.transposed(5, 13), new int[] {0}, false),
      new Variant(Arg.sliced(13, 7), new int[] {1}, false),
      new Variant(Arg.expanded(4, 13), new int[] {0}, false));

  static List<DynamicTest> scans(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : EnumSet.of(Op.CUMSUM, Op.CUMPROD)) {
      for (DType t : env.supported(OpCase.ALL)) {
        for (Variant v : SCAN_VARIANTS) {
          String name = op + " " + t + " " + v.label();
          tests.add(Env.test(name, () -> {
            Random r = Env.random(name);
            Nd x = v.arg().draw(r, t, op == Op.CUMSUM ? Domain.STANDARD : Domain.NEAR_ONE);
            Tensor in = env.tensor(v.arg(), x);
            int dim = v.dims()[0];
            Tensor out = op == Op.CUMSUM ? in.cumsum(dim) : in.cumprod(dim);
            // PyTorch's cumsum/cumprod widen integers and bool to int64.
            DType outType = t.isFloatingPoint() ? t : DType.INT64;
            int d = x.dim() == 0 ? 0 : (dim < 0 ? dim + x.dim() : dim);
            Nd expected = Ref.scan(op, x, d, outType);
            Nd scale = op == Op.CUMSUM && t.isFloatingPoint() ? Ref.scan(Op.CUMSUM, Ref.magnitude(x), d, DType.FLOAT64) : null;
            Check.close(name, expected, scale, out, Check.Tol.of(outType, op == Op.CUMPROD));
          }));
        }
      }
    }
    return tests;
  }

  static List<DynamicTest> softmax(Env env) {
    List<Variant> variants = List.of(
        new Variant(Arg.of(13), new int[] {0}, false),
        new Variant(Arg.of(4, 207), new int[] {1}, false),
        new Variant(Arg.of(4, 207), new int[] {0}, false),
        new Variant(Arg.of(3, 1, 5), new int[] {1}, false),
        new Variant(Arg.of(0, 3), new int[] {1}, false),
        new Variant(Arg.transposed(5, 13), new int[] {1}, false),
        new Variant(Arg.sliced(13, 7), new int[] {-1}, false));
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : EnumSet.of(Op.SOFTMAX, Op.LOG_SOFTMAX)) {
      for (DType t : env.supported(OpCase.FLOATS)) {
        for (Variant v : variants) {
          for (Domain domain : List.of(Domain.SMALL, Domain.LARGE, Domain.MASKED)) {
            String name = op + " " + t + " " + v.label() + (domain == Domain.SMALL ? "" : " " + domain.name().toLowerCase(java.util.Locale.ROOT));
            tests.add(Env.test(name, () -> {
              Nd x = v.arg().draw(Env.random(name), t, domain);
              int dim = v.dims()[0] < 0 ? v.dims()[0] + x.dim() : v.dims()[0];
              Tensor in = env.tensor(v.arg(), x);
              Tensor out = op == Op.SOFTMAX ? in.softmax(v.dims()[0]) : in.logSoftmax(v.dims()[0]);
              Nd expected = Ref.softmax(x, dim, op == Op.LOG_SOFTMAX);
              // log-softmax of large inputs is large; its error is relative to the input magnitude.
              Nd scale = op == Op.LOG_SOFTMAX ? Ref.magnitude(x) : null;
              Check.close(name, expected, scale, out, Check.Tol.of(t, true));
            }));
          }
        }
      }
    }
    return tests;
  }
}
