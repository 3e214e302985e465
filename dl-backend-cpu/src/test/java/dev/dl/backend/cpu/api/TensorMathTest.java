package dev.dl.backend.cpu.api;

import dev.dl.*;

import static dev.dl.backend.cpu.api.Checks.assertError;
import static dev.dl.backend.cpu.api.Checks.assertValues;
import static dev.dl.backend.cpu.api.Checks.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorMathTest {
  @Test
  void typePromotionFollowsResultType() {
    Tensor i = Tensor.of(new int[] {1, 2});
    assertEquals(DType.INT32, i.add(1L).dtype(), "int scalar keeps int32");
    assertEquals(DType.FLOAT32, i.add(0.5).dtype(), "float scalar gives the default float");
    assertEquals(DType.FLOAT32, i.div(Tensor.of(new int[] {2, 2})).dtype(), "true division of ints is float");
    assertEquals(DType.INT64, i.add(Tensor.of(new long[] {1, 1})).dtype());
    assertEquals(DType.FLOAT64, i.add(Tensor.scalar(1.0, DType.FLOAT64)).dtype(), "zero-dim of higher kind wins");
    assertEquals(DType.FLOAT32, Tensor.ones(2).add(Tensor.scalar(1.0, DType.FLOAT64)).dtype(), "same kind: dims win");
    assertEquals(DType.FLOAT16, Tensor.ones(DType.FLOAT16, 2).mul(3.0).dtype());
    assertEquals(DType.INT16, Tensor.ones(DType.INT8, 1).add(Tensor.ones(DType.UINT8, 1)).dtype());
    assertEquals(DType.BOOL, i.gt(1L).dtype());
    assertEquals(DType.FLOAT32, i.exp().dtype(), "float-only ops promote integers");
  }

  @Test
  void broadcastingArithmetic() {
    Tensor col = Tensor.of(new float[][] {{1}, {2}});
    Tensor row = Tensor.of(new float[] {10, 20, 30});
    assertValues(col.add(row), shape(2, 3), 11, 21, 31, 12, 22, 32);
    assertValues(col.sub(row, 0.5), shape(2, 3), -4, -9, -14, -3, -8, -13);
    assertValues(row.rsub(1), shape(3), -9, -19, -29);
    assertValues(row.rdiv(60), shape(3), 6, 3, 2);
    assertError(IllegalArgumentException.class, () -> Tensor.ones(2, 3).add(Tensor.ones(4)), "add", "[2, 3]", "[4]");
  }

  @Test
  void divisionAndRemainderModes() {
    Tensor a = Tensor.of(new long[] {7, -7, 7, -7});
    Tensor b = Tensor.of(new long[] {2, 2, -2, -2});
    assertValues(a.div(b), shape(4), 3.5, -3.5, -3.5, 3.5);
    assertValues(a.floorDivide(b), shape(4), 3, -4, -4, 3);
    assertValues(a.div(b, "trunc"), shape(4), 3, -3, -3, 3);
    assertValues(a.div(b, "floor"), shape(4), 3, -4, -4, 3);
    assertValues(a.remainder(b), shape(4), 1, 1, -1, -1);
    assertValues(a.fmod(b), shape(4), 1, -1, 1, -1);
    assertValues(a.toFloat().div(b.toFloat(), "trunc"), shape(4), 3, -3, -3, 3);
    assertError(IllegalArgumentException.class, () -> a.div(b, "round"), "rounding_mode");
    assertError(IllegalArgumentException.class, () -> Tensor.of(new boolean[] {true}).sub(Tensor.of(new boolean[] {true})), "bool");
  }

  @Test
  void unaryFunctions() {
    Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 2});
    assertValues(x.relu(), shape(5), 0, 0, 0, 0.5, 2);
    assertValues(x.abs(), shape(5), 2, 0.5, 0, 0.5, 2);
    assertValues(x.sign(), shape(5), -1, -1, 0, 1, 1);
    assertValues(x.sigmoid(), shape(5), 0.11920292202, 0.37754066879, 0.5, 0.62245933120, 0.88079707797);
    assertValues(x.tanh(), shape(5), Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(0.5), Math.tanh(2));
    assertValues(x.gelu(), shape(5), -0.04550026389, -0.15426876936, 0, 0.34573123063, 1.95449973610);
    assertValues(x.silu(), shape(5), -0.23840584404, -0.18877033439, 0, 0.31122966560, 1.76159415595);
    assertValues(x.softplus(), shape(5), 0.12692801104, 0.47407698418, 0.69314718055, 0.97407698418, 2.12692801104);
    assertValues(x.erf(), shape(5), -0.99532226501, -0.52049987781, 0, 0.52049987781, 0.99532226501);
    assertValues(Tensor.of(new double[] {0.5, 1.5, 2.5, -0.5}).round(), shape(4), 0, 2, 2, -0);
    assertValues(Tensor.of(new double[] {1e-10}).log1p(), shape(1), 1e-10);
    assertValues(x.clamp(-1, 1), shape(5), -1, -0.5, 0, 0.5, 1);
    assertValues(x.leakyRelu(0.1), shape(5), -0.2, -0.05, 0, 0.5, 2);
    assertValues(x.elu(1.0), shape(5), Math.expm1(-2), Math.expm1(-0.5), 0, 0.5, 2);
    assertValues(Tensor.of(new double[] {Double.NaN, 1}).maximum(Tensor.of(new double[] {0, 0})), shape(2), Double.NaN, 1);
    assertValues(Tensor.of(new double[] {2, 3}).pow(2), shape(2), 4, 9);
    assertValues(Tensor.of(new long[] {2, 3}).pow(3L), shape(2), 8, 27);
    assertValues(Tensor.of(new double[] {1, Double.POSITIVE_INFINITY, Double.NaN}).isfinite().toFloat(), shape(3), 1, 0, 0);
    assertError(IllegalArgumentException.class, () -> Tensor.of(new boolean[] {true}).neg(), "bool");
  }

  @Test
  void logicalOps() {
    Tensor a = Tensor.of(new boolean[] {true, true, false, false});
    Tensor b = Tensor.of(new boolean[] {true, false, true, false});
    assertValues(a.logicalAnd(b).toFloat(), shape(4), 1, 0, 0, 0);
    assertValues(a.logicalOr(b).toFloat(), shape(4), 1, 1, 1, 0);
    assertValues(a.logicalXor(b).toFloat(), shape(4), 0, 1, 1, 0);
    assertValues(a.logicalNot().toFloat(), shape(4), 0, 0, 1, 1);
    assertValues(Tensor.of(new float[] {0, 2}).logicalAnd(Tensor.of(new int[] {3, 3})).toFloat(), shape(2), 0, 1);
  }

  @Test
  void reductions() {
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertValues(x.sum(), shape(), 21);
    assertValues(x.sum(0), shape(3), 5, 7, 9);
    assertValues(x.sum(new int[] {-1}, true), shape(2, 1), 6, 15);
    assertValues(x.mean(new int[] {0, 1}, false), shape(), 3.5);
    assertValues(x.prod(1, false), shape(2), 6, 120);
    assertValues(x.var(), shape(), 3.5);
    assertValues(x.var(new int[] {1}, 0, false), shape(2), 2.0 / 3, 2.0 / 3);
    assertValues(x.std(new int[] {1}, 1, true), shape(2, 1), 1, 1);
    assertValues(x.max(), shape(), 6);
    Tensor.ValuesIndices mx = x.max(1, false);
    assertValues(mx.values(), shape(2), 3, 6);
    assertValues(mx.indices(), shape(2), 2, 2);
    assertEquals(DType.INT64, mx.indices().dtype());
    assertValues(x.min(0, true).indices(), shape(1, 3), 0, 0, 0);
    assertValues(x.argmax(), shape(), 5);
    assertValues(Tensor.of(new float[] {3, 1, 3}).argmax(0, false), shape(), 0);
    assertValues(x.amax(new int[] {0}, false), shape(3), 4, 5, 6);
    assertValues(x.cumsum(1), shape(2, 3), 1, 3, 6, 4, 9, 15);
    assertValues(x.cumprod(0), shape(2, 3), 1, 2, 3, 4, 10, 18);
    assertValues(x.norm(), shape(), Math.sqrt(91));
    assertValues(x.norm(1, new int[] {1}, false), shape(2), 6, 15);
    assertValues(x.norm(Double.POSITIVE_INFINITY, null, false), shape(), 6);
    assertEquals(DType.INT64, Tensor.of(new int[] {1, 2}).sum().dtype());
    assertValues(x.gt(3).any(), shape(), 1);
    assertValues(x.gt(0).all(1, false).toFloat(), shape(2), 1, 1);
    assertValues(Tensor.zeros(0, 3).sum(0), shape(3), 0, 0, 0);
    assertValues(Tensor.zeros(0).prod(), shape(), 1);
    assertError(IllegalArgumentException.class, () -> Tensor.zeros(0).max(), "non-zero size");
    assertError(IllegalArgumentException.class, () -> Tensor.of(new int[] {1}).mean(), "floating point");
    assertError(IllegalArgumentException.class, () -> x.sum(new int[] {0, -2}, false), "multiple times");
  }

  @Test
  void stableSoftmaxAndLogsumexp() {
    Tensor big = Tensor.of(new float[][] {{1000, 1000}, {-1000, 0}});
    assertValues(big.softmax(1), shape(2, 2), 0.5, 0.5, 0, 1);
    assertValues(big.logSoftmax(1), shape(2, 2), -Math.log(2), -Math.log(2), -1000, 0);
    assertValues(big.logsumexp(new int[] {1}, false), shape(2), 1000 + Math.log(2), 0);
    Tensor p = Tensor.randn(new Generator(4), 5, 7).softmax(0);
    assertTrue(p.sum(0).allclose(Tensor.ones(7), 1e-5, 1e-6));
    assertError(IllegalArgumentException.class, () -> Tensor.arange(3).softmax(0), "floating point");
  }

  @Test
  void matrixProductsInEveryRank() {
    Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor b = Tensor.of(new float[][] {{1, 0, 2}, {0, 1, 3}});
    Tensor v2 = Tensor.of(new float[] {1, 1});
    Tensor v3 = Tensor.of(new float[] {1, 0, 1});
    assertValues(a.mm(b), shape(3, 3), 1, 2, 8, 3, 4, 18, 5, 6, 28);
    assertValues(a.matmul(v2), shape(3), 3, 7, 11);
    assertValues(v3.matmul(a), shape(2), 6, 8);
    assertValues(v3.dot(v3), shape(), 2);
    assertValues(a.t().mv(v3), shape(2), 6, 8);
    Tensor batch = Tensor.stack(java.util.List.of(a, a.mul(2)), 0);
    assertValues(batch.matmul(b), shape(2, 3, 3), 1, 2, 8, 3, 4, 18, 5, 6, 28, 2, 4, 16, 6, 8, 36, 10, 12, 56);
    assertValues(batch.bmm(Tensor.stack(java.util.List.of(b, b), 0)).sum(), shape(), 3 * (1 + 2 + 8 + 3 + 4 + 18 + 5 + 6 + 28));
    assertValues(batch.matmul(v2), shape(2, 3), 3, 7, 11, 6, 14, 22);
    Tensor b4 = Tensor.ones(4, 1, 2, 3);
    assertEquals(Shape.of(4, 2, 3, 3), batch.matmul(b4).shape(), "batch dims broadcast");
    assertValues(v2.outer(v3), shape(2, 3), 1, 0, 1, 1, 0, 1);
    assertValues(Tensor.ones(3, 3).addmm(a, b, 0.5, 2), shape(3, 3), 2.5, 4.5, 16.5, 6.5, 8.5, 36.5, 10.5, 12.5, 56.5);
    assertValues(Tensor.zeros(3, 0).mm(Tensor.zeros(0, 2)), shape(3, 2), 0, 0, 0, 0, 0, 0);
    assertError(IllegalArgumentException.class, () -> Tensor.ones(2, 3).mm(Tensor.ones(4, 5)),
        "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
    assertError(IllegalArgumentException.class, () -> a.mm(b.toDouble()), "same dtype", "float32", "float64");
    assertError(IllegalArgumentException.class, () -> v2.dot(v3), "inconsistent tensor size");
    assertError(IllegalArgumentException.class, () -> Tensor.ones(2, 2, 3).bmm(Tensor.ones(3, 3, 3)), "batch2");
  }
}
