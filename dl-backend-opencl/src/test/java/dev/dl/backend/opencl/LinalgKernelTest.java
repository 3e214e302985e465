package dev.dl.backend.opencl;

import static dev.dl.backend.opencl.ClTestSupport.*;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The tiled GEMM at tile-edge sizes and with transposed operands, and im2col / col2im. */
class LinalgKernelTest {

  @ParameterizedTest(name = "B={0} M={1} K={2} N={3}")
  @CsvSource({"1,1,1,1", "1,13,7,207", "2,64,64,64", "3,65,130,33", "1,207,1,13", "2,5,0,4", "1,128,67,129"})
  void matmulMatchesTheTripleLoopForEveryLayout(int batch, int m, int k, int n) {
    backend();
    Random r = new Random(m * 31L + k * 7L + n);
    double[] a = random(r, batch * m * k, -1, 1, false);
    double[] b = random(r, batch * k * n, -1, 1, false);
    double[] expected = new double[batch * m * n];
    for (int p = 0; p < batch; p++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int q = 0; q < k; q++) s += (float) a[(p * m + i) * k + q] * (float) b[(p * k + q) * n + j];
          expected[(p * m + i) * n + j] = s;
        }
      }
    }
    for (ClTestSupport.Arrangement la : ClTestSupport.Arrangement.values()) {
      for (ClTestSupport.Arrangement lb : List.of(ClTestSupport.Arrangement.CONTIGUOUS, ClTestSupport.Arrangement.TRANSPOSED)) {
        Operand out = empty(DType.FLOAT32, batch, m, n);
        backend().matmul(out, put(DType.FLOAT32, a, la, batch, m, k), put(DType.FLOAT32, b, lb, batch, k, n));
        assertClose("matmul " + la + " x " + lb, expected, get(out), 1e-4, 1e-5 * Math.max(1, k));
      }
    }
  }

  @Test
  void theGpuTileShapeIsCorrectToo() {
    // This device may be a CPU, which gets a different GEMM shape; describe it as a GPU to run the other.
    ClDevices.Info real = backend().context().info;
    ClDevices.Info asGpu = new ClDevices.Info(real.platform(), real.device(), real.name(), real.platformName(), true,
        real.fp64(), real.maxWorkGroupSize(), real.localMemBytes(), real.globalMemBytes(), real.maxAllocBytes());
    OpenClBackend gpuShaped = new OpenClBackend(0, asGpu);
    org.junit.jupiter.api.Assertions.assertEquals(4, gpuShaped.context().gemmWpt);
    Random r = new Random(4);
    int batch = 2, m = 70, k = 33, n = 67;
    double[] a = random(r, batch * m * k, -1, 1, false), b = random(r, batch * k * n, -1, 1, false);
    double[] expected = new double[batch * m * n];
    for (int p = 0; p < batch; p++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int q = 0; q < k; q++) s += (float) a[(p * m + i) * k + q] * (float) b[(p * k + q) * n + j];
          expected[(p * m + i) * n + j] = s;
        }
      }
    }
    Operand out = Operand.contiguous(gpuShaped.allocate(DType.FLOAT32, batch * m * n), batch, m, n);
    Operand ao = Operand.contiguous(gpuShaped.allocate(DType.FLOAT32, a.length), batch, m, k);
    Operand bo = Operand.contiguous(gpuShaped.allocate(DType.FLOAT32, b.length), batch, k, n);
    gpuShaped.write(ao.storage(), 0, toHost(DType.FLOAT32, a), 0, a.length);
    gpuShaped.write(bo.storage(), 0, toHost(DType.FLOAT32, b), 0, b.length);
    gpuShaped.matmul(out, ao, bo);
    float[] got = new float[expected.length];
    gpuShaped.read(out.storage(), 0, got, 0, got.length);
    double[] gotD = new double[got.length];
    for (int i = 0; i < got.length; i++) gotD[i] = got[i];
    assertClose("GPU-shaped matmul", expected, gotD, 1e-4, 1e-4);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT16", "BFLOAT16", "INT32", "INT64", "INT8"})
  void matmulInOtherDtypes(DType dt) {
    backend();
    Random r = new Random(dt.ordinal());
    int m = 19, k = 23, n = 17;
    double[] a = random(r, m * k, -3, 3, true), b = random(r, k * n, -3, 3, true);
    double[] expected = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
        expected[i * n + j] = round(dt, s);
      }
    }
    Operand out = empty(dt, 1, m, n);
    backend().matmul(out, put(dt, a, 1, m, k), put(dt, b, ClTestSupport.Arrangement.SLICED, 1, k, n));
    assertClose("matmul " + dt, expected, get(out), tolerance(dt), 0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"'2,3,7,9,3,3,1,1,1,1,1,1'", "'1,2,8,5,2,3,2,1,1,2,1,1'", "'2,1,9,9,3,2,2,3,0,1,2,1'",
      "'1,1,1,1,1,1,1,1,0,0,1,1'", "'1,3,5,6,5,6,1,1,2,2,1,1'"})
  void im2colAndCol2imMatchTheirDefinitions(String spec) {
    backend();
    int[] p = java.util.Arrays.stream(spec.split(",")).mapToInt(Integer::parseInt).toArray();
    ConvGeometry g = new ConvGeometry(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);
    Random r = new Random(spec.hashCode());
    double[] x = random(r, g.n() * g.c() * g.h() * g.w(), -2, 2, false);
    double[] expectedCols = new double[g.n() * g.colRows() * g.colCols()];
    double[] cols = random(r, expectedCols.length, -2, 2, false);
    double[] expectedImage = new double[x.length];
    for (int ni = 0; ni < g.n(); ni++) {
      for (int ci = 0; ci < g.c(); ci++) {
        for (int ki = 0; ki < g.kh(); ki++) {
          for (int kj = 0; kj < g.kw(); kj++) {
            int row = (ci * g.kh() + ki) * g.kw() + kj;
            for (int oy = 0; oy < g.outH(); oy++) {
              for (int ox = 0; ox < g.outW(); ox++) {
                int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                int c = (ni * g.colRows() + row) * g.colCols() + oy * g.outW() + ox;
                boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                int xi = ((ni * g.c() + ci) * g.h() + iy) * g.w() + ix;
                expectedCols[c] = inside ? x[xi] : 0;
                if (inside) expectedImage[xi] += (float) cols[c];
              }
            }
          }
        }
      }
    }
    Operand colOut = empty(DType.FLOAT32, g.n(), g.colRows(), g.colCols());
    backend().im2col(colOut, put(DType.FLOAT32, x, ClTestSupport.Arrangement.TRANSPOSED, g.n(), g.c(), g.h(), g.w()), g);
    for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
    for (int i = 0; i < expectedCols.length; i++) expectedCols[i] = (float) expectedCols[i];
    assertClose("im2col " + g, expectedCols, get(colOut), 0, 0);
    Operand image = empty(DType.FLOAT32, g.n(), g.c(), g.h(), g.w());
    backend().col2im(image, put(DType.FLOAT32, cols, ClTestSupport.Arrangement.SLICED, g.n(), g.colRows(), g.colCols()), g);
    assertClose("col2im " + g, expectedImage, get(image), 1e-6, 1e-6);
  }

  @Test
  void matmulOfALargeSquareMatchesARowSample() {
    backend();
    int s = 300;
    Random r = new Random(1);
    double[] a = random(r, s * s, -1, 1, false), b = random(r, s * s, -1, 1, false);
    Operand out = empty(DType.FLOAT32, 1, s, s);
    backend().matmul(out, put(DType.FLOAT32, a, 1, s, s), put(DType.FLOAT32, b, 1, s, s));
    double[] got = get(out);
    for (int i : new int[] {0, 63, 64, 299}) {
      for (int j : new int[] {0, 1, 64, 127, 299}) {
        double e = 0;
        for (int q = 0; q < s; q++) e += (float) a[i * s + q] * (float) b[q * s + j];
        assertClose("element " + i + "," + j, new double[] {e}, new double[] {got[i * s + j]}, 1e-4, 1e-4);
      }
    }
  }
}
