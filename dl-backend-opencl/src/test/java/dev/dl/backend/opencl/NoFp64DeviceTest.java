package dev.dl.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Philox;
import org.junit.jupiter.api.Test;

/**
 * Devices without cl_khr_fp64 (many GPUs) get programs built with HAS_FP64=0: float32 then
 * accumulates in float and normals are computed in float. Simulated on the real device by
 * describing it as one without doubles.
 */
class NoFp64DeviceTest {

  @Test
  void everyProgramBuildsAndComputesWithoutDoubles() {
    ClDevices.Info real = ClTestSupport.backend().context().info;
    ClDevices.Info noFp64 = new ClDevices.Info(real.platform(), real.device(), real.name(), real.platformName(),
        real.gpu(), false, real.maxWorkGroupSize(), real.localMemBytes(), real.globalMemBytes(), real.maxAllocBytes());
    OpenClBackend b = new OpenClBackend(0, noFp64);
    assertFalse(b.dtypes().contains(DType.FLOAT64));
    for (String file : new String[] {"elementwise", "cast", "reduce", "softmax", "gemm", "conv", "index", "random"}) {
      b.context().kernel(file, DType.FLOAT32, file.equals("elementwise") ? "unary" : file.equals("reduce") ? "scan"
          : file.equals("conv") ? "im2col" : file.equals("index") ? "gather" : file.equals("random") ? "random_fill" : file);
    }
    int n = 1000;
    Operand out = Operand.contiguous(b.allocate(DType.FLOAT32, n), n);
    b.random(Op.RANDOM_NORMAL, out, 9, 0);
    Operand sum = Operand.contiguous(b.allocate(DType.FLOAT32, 1), 1);
    b.reduce(Op.SUM, sum, out, new int[] {0});
    float[] values = new float[n];
    b.read(out.storage(), 0, values, 0, n);
    double expected = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(Philox.sample(Op.RANDOM_NORMAL, DType.FLOAT32, 9, 0, i), values[i], 1e-5, "normal " + i);
      expected += values[i];
    }
    float[] got = new float[1];
    b.read(sum.storage(), 0, got, 0, 1);
    assertEquals(expected, got[0], 1e-3);
  }
}
