package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import org.junit.jupiter.api.Test;

/** GATHER, SCATTER and SCATTER_ADD along each dim, as in PyTorch's documentation examples. */
class IndexingTest {
  private final CpuBackend be = Operands.scalar();

  @Test
  void gatherAlongRowsAndColumns() {
    Operand x = Operands.of(be, DType.FLOAT32, new double[] {1, 2, 3, 4}, 2, 2);
    Operand idx = Operands.of(be, DType.INT64, new double[] {0, 0, 1, 0}, 2, 2);
    Operand out = Operands.empty(be, DType.FLOAT32, 2, 2);
    be.gather(out, x, 1, idx);
    assertArrayEquals(new double[] {1, 1, 4, 3}, Operands.values(out));
    be.gather(out, x, 0, idx);
    assertArrayEquals(new double[] {1, 2, 3, 2}, Operands.values(out));
    // Index narrower than x along the other dim, x transposed.
    Operand narrow = Operands.of(be, DType.INT64, new double[] {1}, 1, 1);
    Operand one = Operands.empty(be, DType.FLOAT32, 1, 1);
    be.gather(one, Operands.transpose(x, 0, 1), 1, narrow);
    assertArrayEquals(new double[] {3}, Operands.values(one));
  }

  @Test
  void scatterAndScatterAdd() {
    Operand src = Operands.of(be, DType.INT64, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5);
    Operand idx = Operands.of(be, DType.INT64, new double[] {0, 1, 2, 0}, 1, 4);
    Operand out = Operands.of(be, DType.INT64, new double[15], 3, 5);
    be.scatter(Op.SCATTER, out, 0, idx, Operands.view(src, new int[] {1, 4}, new int[] {5, 1}, 0));
    assertArrayEquals(new double[] {1, 0, 0, 4, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0}, Operands.values(out));
    Operand acc = Operands.of(be, DType.FLOAT64, new double[] {1, 1, 1}, 3);
    Operand dup = Operands.of(be, DType.INT64, new double[] {0, 2, 0, 0}, 4);
    be.scatter(Op.SCATTER_ADD, acc, 0, dup, Operands.of(be, DType.FLOAT64, new double[] {1, 2, 3, 4}, 4));
    assertArrayEquals(new double[] {9, 1, 3}, Operands.values(acc));
  }
}
