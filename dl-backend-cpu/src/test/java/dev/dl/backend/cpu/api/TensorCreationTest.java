package dev.dl.backend.cpu.api;

import dev.dl.*;

import static dev.dl.backend.cpu.api.Checks.assertError;
import static dev.dl.backend.cpu.api.Checks.assertValues;
import static dev.dl.backend.cpu.api.Checks.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TensorCreationTest {
  @Test
  void javaArraysOfAnyRankPickTheirDtype() {
    Tensor f = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(DType.FLOAT32, f.dtype());
    assertValues(f, shape(2, 3), 1, 2, 3, 4, 5, 6);
    assertEquals(DType.FLOAT64, Tensor.of(new double[] {1.5}).dtype());
    assertEquals(DType.INT32, Tensor.of(new int[][][] {{{1}}, {{2}}}).dtype());
    assertArrayEquals(new int[] {2, 1, 1}, Tensor.of(new int[][][] {{{1}}, {{2}}}).shape().toArray());
    assertEquals(DType.INT64, Tensor.of(new long[] {1L << 40}).dtype());
    assertEquals(1L << 40, Tensor.of(new long[] {1L << 40}).itemLong());
    Tensor b = Tensor.of(new boolean[][] {{true, false}});
    assertEquals(DType.BOOL, b.dtype());
    assertArrayEquals(new boolean[] {true, false}, b.toBooleanArray());
    assertEquals(DType.INT8, Tensor.of(new byte[] {-3}).dtype());
    assertEquals(DType.INT16, Tensor.of(new short[] {300}).dtype());
    assertValues(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, -1), shape(2, 3), 1, 2, 3, 4, 5, 6);
    assertValues(Tensor.of(new float[2][0]), shape(2, 0));
    // An empty outer array has no row to reveal the inner length.
    assertValues(Tensor.of(new float[0][3]), shape(0, 0));
  }

  @Test
  void badArraysAreRejectedClearly() {
    assertError(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}), "ragged");
    assertError(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "[2, 2]", "size 3");
    assertError(IllegalArgumentException.class, () -> Tensor.of("text"), "String");
    assertError(IllegalArgumentException.class, () -> Tensor.of(new Object[] {1}), "Object");
    assertError(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "negative dimension");
  }

  @Test
  void scalarsAndFills() {
    Tensor s = Tensor.scalar(2.5);
    assertEquals(0, s.dim());
    assertEquals(DType.FLOAT32, s.dtype());
    assertEquals(2.5, s.item());
    assertEquals(DType.INT64, Tensor.scalar(7L).dtype());
    assertValues(Tensor.full(Shape.of(2), 3.0), shape(2), 3, 3);
    assertEquals(DType.INT64, Tensor.full(Shape.of(2), 3L).dtype());
    assertValues(Tensor.ones(DType.INT32, 2, 2), shape(2, 2), 1, 1, 1, 1);
    assertValues(Tensor.eye(3), shape(3, 3), 1, 0, 0, 0, 1, 0, 0, 0, 1);
    assertValues(Tensor.eye(2, 3, DType.FLOAT64, Device.CPU), shape(2, 3), 1, 0, 0, 0, 1, 0);
    assertValues(Tensor.zerosLike(Tensor.ones(2)), shape(2), 0, 0);
  }

  @Test
  void rangesMatchPyTorch() {
    assertValues(Tensor.arange(5), shape(5), 0, 1, 2, 3, 4);
    assertEquals(DType.INT64, Tensor.arange(5).dtype());
    assertValues(Tensor.arange(10, 0, -3), shape(4), 10, 7, 4, 1);
    assertValues(Tensor.arange(0.0, 1.0, 0.25), shape(4), 0, 0.25, 0.5, 0.75);
    assertValues(Tensor.linspace(0, 1, 5), shape(5), 0, 0.25, 0.5, 0.75, 1);
    assertValues(Tensor.linspace(3, 3, 1), shape(1), 3);
    assertError(IllegalArgumentException.class, () -> Tensor.arange(0, 5, -1), "step sign");
    assertError(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0), "nonzero");
  }

  @Test
  void randomNumbersAreSeededAndReproducible() {
    Tensor a = Tensor.randn(new Generator(42), 3, 4);
    Tensor b = Tensor.randn(new Generator(42), 3, 4);
    Tensor c = Tensor.randn(new Generator(43), 3, 4);
    assertTrue(a.equal(b));
    assertTrue(!a.equal(c));
    Generator.manualSeed(5);
    Tensor r1 = Tensor.rand(100);
    Generator.manualSeed(5);
    assertTrue(r1.equal(Tensor.rand(100)));
    double[] u = Tensor.rand(new Generator(1), 10_000).toDoubleArray();
    double mean = Arrays.stream(u).average().orElseThrow();
    assertEquals(0.5, mean, 0.02);
    assertTrue(Arrays.stream(u).allMatch(v -> v >= 0 && v < 1));
    long[] ints = Tensor.randint(-3, 4, Shape.of(1000), new Generator(2), Device.CPU).toLongArray();
    assertTrue(Arrays.stream(ints).allMatch(v -> v >= -3 && v < 4));
    assertEquals(7, Arrays.stream(ints).distinct().count());
    long[] perm = Tensor.randperm(50, new Generator(3)).toLongArray();
    long[] sorted = perm.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
    assertNotEquals(0, Arrays.mismatch(perm, sorted) + 1);
    assertError(IllegalArgumentException.class, () -> Tensor.rand(Shape.of(2), DType.INT32, Device.CPU, new Generator(1)),
        "floating point");
    assertError(IllegalArgumentException.class, () -> Tensor.randint(3, 3, 2), "low < high");
  }

  @Test
  void conversionsFollowPyTorchRules() {
    Tensor f = Tensor.of(new float[] {-1.7f, -0.2f, 0f, 0.5f, 2.9f});
    assertArrayEquals(new long[] {-1, 0, 0, 0, 2}, f.to(DType.INT64).toLongArray());
    assertArrayEquals(new boolean[] {true, true, false, true, true}, f.to(DType.BOOL).toBooleanArray());
    assertValues(Tensor.of(new boolean[] {true, false}).toFloat(), shape(2), 1, 0);
    assertValues(Tensor.of(new float[] {1.0009765625f, 65504f}).to(DType.FLOAT16).toFloat(), shape(2), 1.0009765625, 65504);
    assertValues(Tensor.of(new float[] {3.14159f}).to(DType.BFLOAT16).toFloat(), shape(1), 3.140625);
    assertValues(Tensor.of(new int[] {300}).to(DType.UINT8).to(DType.INT32), shape(1), 44);
    Tensor x = Tensor.ones(2);
    assertTrue(x.to(DType.FLOAT32) == x, "to(same dtype) returns the tensor itself");
  }

  @Test
  void requiresGradWithoutAutogradSaysWhatToAdd() {
    assertError(IllegalStateException.class, () -> Tensor.ones(2).requiresGrad_(), "dl-autograd");
  }
}
