package dev.dl.backend.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.spi.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;

/**
 * Which ops of the vocabulary the kit exercises, so that adding an op to {@link Op} without its
 * TCK rows fails here with a pointer to the table to extend.
 */
final class Coverage {
  private Coverage() {}

  /** Ops tested by a suite rather than a table row. */
  private static final Set<Op> BY_SUITE = EnumSet.of(Op.WHERE, Op.CUMSUM, Op.CUMPROD, Op.MATMUL, Op.IM2COL, Op.COL2IM,
      Op.GATHER, Op.SCATTER, Op.SCATTER_ADD, Op.COPY, Op.FILL, Op.RANDOM_UNIFORM, Op.RANDOM_NORMAL, Op.SOFTMAX,
      Op.LOG_SOFTMAX, Op.CONV2D, Op.MAX_POOL2D, Op.CAT, Op.VIEW, Op.PERMUTE, Op.EXPAND, Op.SLICE);

  static Set<Op> covered() {
    EnumSet<Op> ops = EnumSet.copyOf(BY_SUITE);
    ElementwiseTable.UNARY.forEach(c -> ops.add(c.op()));
    ElementwiseTable.BINARY.forEach(c -> ops.add(c.op()));
    ReductionSuite.TABLE.forEach(c -> ops.add(c.op()));
    return ops;
  }

  static List<DynamicTest> tests() {
    Set<Op> covered = covered();
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : Op.values()) {
      tests.add(Env.test("vocabulary " + op + " has TCK cases", () -> assertTrue(covered.contains(op),
          op + " has no TCK case: add a row to ElementwiseTable (unary/binary), ReductionSuite.TABLE, or the suite of its group")));
    }
    return tests;
  }
}
