package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * One row of an op table: how to run the op through the public API, its reference, the dtypes it
 * is defined for, and where its inputs come from (one domain per input).
 *
 * @param op             the primitive exercised
 * @param name           test-name label, e.g. {@code ADD} or {@code EXP specials}
 * @param run            the op through the public Tensor API
 * @param ref            the reference on host arrays (inputs already in the case's dtype)
 * @param dtypes         the input dtypes the op is defined for (intersected with the backend's)
 * @param domains        one input domain per input
 * @param transcendental whether results come from libm-style approximations (looser float tolerance)
 */
record OpCase(Op op, String name, Function<Tensor[], Tensor> run, Function<Nd[], Nd> ref, Set<DType> dtypes,
              List<Domain> domains, boolean transcendental) {

  static final Set<DType> ALL = EnumSet.allOf(DType.class);
  static final Set<DType> FLOATS = EnumSet.of(DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64);
  static final Set<DType> NUMERIC = EnumSet.complementOf(EnumSet.of(DType.BOOL));
  static final Set<DType> INTS = EnumSet.of(DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.INT64);
  /** Floating-only ops also run on two integer dtypes to check the promotion to float32. */
  static final Set<DType> FLOATS_AND_PROMOTED = union(FLOATS, EnumSet.of(DType.INT32, DType.INT64));

  /** A unary row: the float reference (doubles) and the integer one (longs, null if not defined). */
  static OpCase unary(Op op, UnaryOperator<Tensor> run, DoubleUnaryOperator f, LongUnaryOperator g,
                      Domain domain, Set<DType> dtypes) {
    return unary(op, op.name(), run, f, g, domain, dtypes);
  }

  static OpCase unary(Op op, String name, UnaryOperator<Tensor> run, DoubleUnaryOperator f, LongUnaryOperator g,
                      Domain domain, Set<DType> dtypes) {
    boolean transcendental = Op.FLOAT_ONLY.contains(op) && op != Op.DIV && op != Op.RECIPROCAL;
    return new OpCase(op, name, t -> run.apply(t[0]), x -> {
      DType compute = unaryCompute(op, x[0].dtype);
      DType out = Op.PREDICATE.contains(op) ? DType.BOOL : compute;
      return Ref.map(Ref.cast(x[0], compute), out, f, g);
    }, dtypes, List.of(domain), transcendental);
  }

  /** A binary row; both inputs get the case's dtype. */
  static OpCase binary(Op op, BinaryOperator<Tensor> run, DoubleBinaryOperator f, LongBinaryOperator g,
                       Domain a, Domain b, Set<DType> dtypes) {
    return binary(op, op.name(), run, f, g, a, b, dtypes);
  }

  static OpCase binary(Op op, String name, BinaryOperator<Tensor> run, DoubleBinaryOperator f, LongBinaryOperator g,
                       Domain a, Domain b, Set<DType> dtypes) {
    return new OpCase(op, name, t -> run.apply(t[0], t[1]), x -> {
      DType compute = binaryCompute(op, x[0].dtype);
      DType out = Op.COMPARISON.contains(op) ? DType.BOOL : compute;
      return Ref.zip(Ref.cast(x[0], compute), Ref.cast(x[1], compute), out, f, g);
    }, dtypes, List.of(a, b), op == Op.POW);
  }

  /** PyTorch's compute dtype of a unary op: logical ops on bool, float-only ops promote integers to float32. */
  static DType unaryCompute(Op op, DType in) {
    if (Op.LOGICAL.contains(op)) return DType.BOOL;
    if (Op.FLOAT_ONLY.contains(op) && !in.isFloatingPoint()) return DType.FLOAT32;
    return in;
  }

  /** PyTorch's compute dtype of a binary op on two inputs of one dtype: true division of integers gives float32. */
  static DType binaryCompute(Op op, DType in) {
    if (Op.LOGICAL.contains(op)) return DType.BOOL;
    if (op == Op.DIV && !in.isFloatingPoint()) return DType.FLOAT32;
    return in;
  }

  private static Set<DType> union(Set<DType> a, Set<DType> b) {
    EnumSet<DType> r = EnumSet.noneOf(DType.class);
    r.addAll(a);
    r.addAll(b);
    return r;
  }
}
