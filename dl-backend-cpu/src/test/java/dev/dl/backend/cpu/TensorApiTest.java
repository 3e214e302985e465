package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Backends;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import dev.dl.spi.Philox;
import org.junit.jupiter.api.Test;

/** The CPU backend through the user-facing Tensor API (discovered with ServiceLoader). */
class TensorApiTest {
  @Test
  void cpuIsDiscoveredAsTheDefaultDevice() {
    assertTrue(Backends.devices().contains(Device.CPU), Backends.report());
    assertTrue(Backends.report().contains("kernels: "), Backends.report());
  }

  @Test
  void elementwiseWithBroadcasting() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(b).toFloatArray());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, a.t().mul(1).toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3}, a.sub(3).relu().toFloatArray());
  }

  @Test
  void integerFloorDivisionAndZeroDivision() {
    Tensor a = Tensor.of(new long[] {7, -7}, 2);
    assertArrayEquals(new long[] {3, -4}, a.floorDivide(Tensor.of(new long[] {2, 2}, 2)).toLongArray());
    assertArrayEquals(new long[] {1, 1}, a.remainder(Tensor.of(new long[] {2, 2}, 2)).toLongArray());
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> a.floorDivide(Tensor.of(new long[] {0, 1}, 2)));
    assertTrue(e.getMessage().contains("ZeroDivisionError"), e.getMessage());
  }

  @Test
  void matmulReductionsAndSoftmax() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
    assertArrayEquals(new float[] {4, 5, 10, 11}, a.matmul(b).toFloatArray());
    assertArrayEquals(new float[] {14, 32, 32, 77}, a.matmul(a.t()).toFloatArray());
    assertEquals(21.0, a.sum().item(), 0);
    assertArrayEquals(new float[] {6, 15}, a.sum(1).toFloatArray());
    assertArrayEquals(new long[] {2, 2}, a.argmax(1, false).toLongArray());
    assertArrayEquals(new float[] {1, 3, 6, 4, 9, 15}, a.cumsum(1).toFloatArray());
    float[] p = a.softmax(1).toFloatArray();
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
  }

  @Test
  void randomNumbersFollowThePhiloxStream() {
    Generator g = new Generator(42);
    float[] u = Tensor.rand(g, 7).toFloatArray();
    for (int i = 0; i < u.length; i++) {
      assertEquals((float) Philox.sample(Op.RANDOM_UNIFORM, DType.FLOAT32, 42, 0, i), u[i], 0f);
    }
  }
}
