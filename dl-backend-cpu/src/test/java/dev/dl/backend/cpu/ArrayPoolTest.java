package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The pool of large CPU arrays: reuse, the cap, the off switch, and (through the shared pool the
 * backend allocates from) that recycled dirty arrays never show through an op's result.
 */
class ArrayPoolTest {
  /** Floats in exactly 1 MiB, the smallest pooled array. */
  private static final int MIB_FLOATS = (int) (ArrayPool.MIN_BYTES / 4);

  private static CpuStorage storage(ArrayPool pool, DType t, int n) { return new CpuStorage(t, n, Device.CPU, pool); }

  @Test
  void aReleasedArrayServesTheNextStorageOfItsSizeAndTypeFamily() {
    ArrayPool pool = new ArrayPool(64L << 20);
    CpuStorage s = storage(pool, DType.FLOAT32, MIB_FLOATS + 3);
    Object array = s.data;
    s.release();
    s.release();  // idempotent
    assertEquals(4L * (MIB_FLOATS + 3), pool.heldBytes());
    CpuStorage t = storage(pool, DType.FLOAT32, MIB_FLOATS + 3);
    assertSame(array, t.data);
    assertEquals(1, pool.reuses());
    assertEquals(0, pool.heldBytes());
    // float16 and int16 share short[]: the same array may serve either.
    CpuStorage h = storage(pool, DType.FLOAT16, 2 * MIB_FLOATS);
    Object shorts = h.data;
    h.release();
    assertSame(shorts, storage(pool, DType.INT16, 2 * MIB_FLOATS).data);
    // Another length does not match.
    t.release();
    assertNotSame(array, storage(pool, DType.FLOAT32, MIB_FLOATS + 4).data);
  }

  @Test
  void aReleasedStorageRefusesFurtherUseWithAMessage() {
    ArrayPool pool = new ArrayPool(64L << 20);
    for (int n : new int[] {10, MIB_FLOATS}) {
      CpuStorage s = storage(pool, DType.FLOAT32, n);
      Operand op = Operand.contiguous(s, n);
      s.release();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> CpuStorage.data(op));
      assertTrue(e.getMessage().contains("used after release()"), e.getMessage());
    }
  }

  @Test
  void smallArraysBypassThePool() {
    ArrayPool pool = new ArrayPool(64L << 20);
    CpuStorage s = storage(pool, DType.FLOAT32, MIB_FLOATS - 1);
    Object array = s.data;
    s.release();
    assertEquals(0, pool.heldBytes());
    assertNotSame(array, storage(pool, DType.FLOAT32, MIB_FLOATS - 1).data);
    assertEquals(0, pool.reuses());
  }

  @Test
  void aDroppedStorageIsLeftToTheCollector() {
    ArrayPool pool = new ArrayPool(64L << 20);
    allocateAndDrop(pool);
    System.gc();
    assertEquals(0, pool.heldBytes());
    storage(pool, DType.FLOAT32, MIB_FLOATS);
    assertEquals(0, pool.reuses());
  }

  private static void allocateAndDrop(ArrayPool pool) {
    CpuStorage s = storage(pool, DType.FLOAT32, MIB_FLOATS);
    assertEquals(MIB_FLOATS, ((float[]) s.data).length);
  }

  @Test
  void theCapBoundsWhatIsKeptAndANewSizeEvictsAnOldOne() {
    long mib = ArrayPool.MIN_BYTES;
    ArrayPool pool = new ArrayPool(3 * mib);
    CpuStorage[] s = new CpuStorage[5];
    for (int i = 0; i < s.length; i++) s[i] = storage(pool, DType.FLOAT32, MIB_FLOATS);
    for (CpuStorage x : s) x.release();
    // Only three fit under the cap; the other two are left to the collector.
    assertEquals(3 * mib, pool.heldBytes());
    // A 1.5 MiB array needs room: two 1 MiB arrays make way.
    storage(pool, DType.FLOAT32, MIB_FLOATS * 3 / 2).release();
    assertEquals(mib + mib * 3 / 2, pool.heldBytes());
    CpuStorage[] t = new CpuStorage[3];
    for (int i = 0; i < t.length; i++) t[i] = storage(pool, DType.FLOAT32, MIB_FLOATS);
    assertEquals(1, pool.reuses());
    assertEquals(mib * 3 / 2, pool.heldBytes());
    // Arrays above the cap are never kept.
    CpuStorage big = storage(pool, DType.FLOAT32, 4 * MIB_FLOATS);
    assertFalse(pool.pools(DType.FLOAT32, 4 * MIB_FLOATS));
    big.release();
    assertTrue(pool.heldBytes() <= 3 * mib);
  }

  @Test
  void aZeroCapTurnsPoolingOff() {
    ArrayPool pool = new ArrayPool(0);
    assertFalse(pool.pools(DType.FLOAT32, 16 * MIB_FLOATS));
    CpuStorage s = storage(pool, DType.FLOAT32, 16 * MIB_FLOATS);
    Object array = s.data;
    s.release();
    assertNotSame(array, storage(pool, DType.FLOAT32, 16 * MIB_FLOATS).data);
    assertEquals(0, pool.reuses());
    assertEquals(0, pool.heldBytes());
  }

  @Test
  void thePropertyTakesBytesWithBinarySuffixesAndFallsBackOnNonsense() {
    long heap = 8L << 30;
    assertEquals(0, ArrayPool.configuredCap("0", heap));
    assertEquals(536870912L, ArrayPool.configuredCap("536870912", heap));
    assertEquals(512L << 20, ArrayPool.configuredCap(" 512M ", heap));
    assertEquals(2L << 30, ArrayPool.configuredCap("2g", heap));
    assertEquals(64L << 10, ArrayPool.configuredCap("64k", heap));
    assertEquals(1L << 30, ArrayPool.configuredCap(null, heap));
    assertEquals(1L << 30, ArrayPool.configuredCap("", heap));
    assertEquals(1L << 30, ArrayPool.configuredCap("lots", heap));
    assertEquals(1L << 30, ArrayPool.configuredCap("-1", heap));
  }

  // ---- dirty recycled arrays must not leak into results (shared pool, through the Tensor API) ----

  /**
   * Leaves a NaN-filled float32 array of {@code n} elements in the shared pool, runs {@code op},
   * and returns its result once the op's output really got that array (a collection in between
   * may hand it another recycled array first, so a few attempts are allowed).
   */
  private static Tensor afterPoison(int n, Supplier<Tensor> op) {
    assertTrue(ArrayPool.shared().pools(DType.FLOAT32, n), "test needs the shared pool enabled");
    for (int attempt = 0; attempt < 5; attempt++) {
      Tensor poison = Tensor.full(Shape.of(n), Double.NaN, DType.FLOAT32, Device.CPU);
      Object dirty = CpuStorage.data(poison.operand());
      poison.release();
      Tensor r = op.get();
      if (CpuStorage.data(r.operand()) == dirty) return r;
    }
    throw new AssertionError("the op's output never reused the poisoned array");
  }

  private static void assertAll(float expected, Tensor t) {
    float[] v = t.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      if (Float.compare(v[i], expected) != 0) throw new AssertionError("element " + i + " is " + v[i] + ", expected " + expected);
    }
  }

  @Test
  void zerosAndFullOverwriteARecycledArray() {
    int n = MIB_FLOATS + 101;
    assertAll(0f, afterPoison(n, () -> Tensor.zeros(Shape.of(n), DType.FLOAT32, Device.CPU)));
    assertAll(2.5f, afterPoison(n, () -> Tensor.full(Shape.of(n), 2.5, DType.FLOAT32, Device.CPU)));
  }

  @Test
  void reductionsOverAnEmptyDimWriteTheirIdentity() {
    int n = MIB_FLOATS + 102;
    Tensor empty = Tensor.zeros(Shape.of(0, n), DType.FLOAT32, Device.CPU);
    assertAll(0f, afterPoison(n, () -> empty.sum(0)));
    assertAll(1f, afterPoison(n, () -> empty.prod(0, false)));
  }

  @Test
  void col2imSumsIntoAClearedOutput() {
    // 2 images x 4 channels x 180 x 184 floats: just over 1 MiB.
    ConvGeometry g = new ConvGeometry(2, 4, 180, 184, 3, 3, 1, 1, 1, 1, 1, 1);
    int n = g.n() * g.c() * g.h() * g.w();
    Tensor cols = Tensor.ones(Shape.of(g.n(), g.colRows(), g.colCols()), DType.FLOAT32, Device.CPU);
    Tensor dirty = afterPoison(n, () -> cols.col2im(g));
    Tensor clean = cols.col2im(g);
    assertArrayEquals(clean.toFloatArray(), dirty.toFloatArray());
    // Every pixel of a 3x3 window with padding 1 is covered 4, 6 or 9 times.
    assertEquals(4f, dirty.toFloatArray()[0]);
    assertEquals(9f, dirty.toFloatArray()[g.w() + 1]);
  }

  @Test
  void im2colWritesThePaddingZeros() {
    // colRows x colCols = (1*3*3) x (180*164) floats: just over 1 MiB.
    ConvGeometry g = new ConvGeometry(1, 1, 180, 164, 3, 3, 1, 1, 1, 1, 1, 1);
    int n = g.colRows() * g.colCols();
    Tensor x = Tensor.ones(Shape.of(1, 1, 180, 164), DType.FLOAT32, Device.CPU);
    float[] cols = afterPoison(n, () -> x.im2col(g)).toFloatArray();
    // Row 0 is the kernel's top-left tap: zero along the top row and left column of the output.
    assertEquals(0f, cols[0]);
    assertEquals(0f, cols[164]);
    assertEquals(1f, cols[164 + 1]);
    for (float v : cols) assertFalse(Float.isNaN(v));
  }

  @Test
  void scatterCatPadAndEmptyProductsCoverTheirOutputs() {
    int n = MIB_FLOATS + 104;
    Tensor base = Tensor.zeros(Shape.of(n), DType.FLOAT32, Device.CPU);
    Tensor index = Tensor.zeros(Shape.of(1), DType.INT64, Device.CPU);
    Tensor src = Tensor.full(Shape.of(1), 5, DType.FLOAT32, Device.CPU);
    float[] scattered = afterPoison(n, () -> base.scatter(0, index, src)).toFloatArray();
    assertEquals(5f, scattered[0]);
    assertEquals(0f, scattered[n - 1]);
    for (float v : scattered) assertFalse(Float.isNaN(v));

    int half = (MIB_FLOATS + 106) / 2;
    Tensor ones = Tensor.ones(Shape.of(half), DType.FLOAT32, Device.CPU);
    assertAll(1f, afterPoison(2 * half, () -> Tensor.cat(List.of(ones, ones), 0)));

    int m = MIB_FLOATS + 108;
    Tensor inner = Tensor.ones(Shape.of(m - 4), DType.FLOAT32, Device.CPU);
    float[] padded = afterPoison(m, () -> inner.pad(new int[] {2, 2}, 0)).toFloatArray();
    assertEquals(0f, padded[0]);
    assertEquals(1f, padded[2]);
    assertEquals(0f, padded[m - 1]);

    // [512 x 0] @ [0 x 513]: no terms, a zero matrix.
    Tensor a = Tensor.zeros(Shape.of(512, 0), DType.FLOAT32, Device.CPU);
    Tensor b = Tensor.zeros(Shape.of(0, 513), DType.FLOAT32, Device.CPU);
    assertAll(0f, afterPoison(512 * 513, () -> a.matmul(b)));
  }

  @Test
  void kernelsOnRecycledOutputsMatchFreshOnes() {
    int n = MIB_FLOATS + 110;
    Tensor x = Tensor.randn(Shape.of(n), DType.FLOAT32, Device.CPU, new dev.dl.Generator(7));
    float[] expected = x.exp().toFloatArray();
    assertArrayEquals(expected, afterPoison(n, x::exp).toFloatArray());
    float[] cum = x.cumsum(0).toFloatArray();
    assertArrayEquals(cum, afterPoison(n, () -> x.cumsum(0)).toFloatArray());
    Tensor rows = Tensor.randn(Shape.of(1024, 257), DType.FLOAT32, Device.CPU, new dev.dl.Generator(8));
    float[] soft = rows.softmax(1).toFloatArray();
    assertArrayEquals(soft, afterPoison(1024 * 257, () -> rows.softmax(1)).toFloatArray());
    assertArrayEquals(x.add(x).toFloatArray(), afterPoison(n, () -> x.add(x)).toFloatArray());
  }

  @Test
  void fusedConvolutionAndPoolingWriteWholeOutputs() {
    dev.dl.Generator gen = new dev.dl.Generator(9);
    // Output [4, 64, 64, 64] without bias: 4 MiB of float32.
    Tensor x = Tensor.randn(Shape.of(4, 16, 64, 64), DType.FLOAT32, Device.CPU, gen);
    Tensor w = Tensor.randn(Shape.of(64, 16, 3, 3), DType.FLOAT32, Device.CPU, gen);
    int[] one = {1, 1};
    Tensor out = x.conv2d(w, null, one, one, one, 1);
    assertArrayEquals(out.toFloatArray(),
        afterPoison(out.numel(), () -> x.conv2d(w, null, one, one, one, 1)).toFloatArray());

    ConvGeometry g = new ConvGeometry(4, 16, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1);
    float[] gradX = Tensor.conv2dInputGrad(out, w, g, 1).toFloatArray();
    assertArrayEquals(gradX, afterPoison(x.numel(), () -> Tensor.conv2dInputGrad(out, w, g, 1)).toFloatArray());

    // Weight [256, 128, 3, 3]: just over 1 MiB.
    ConvGeometry small = new ConvGeometry(1, 128, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1);
    Tensor xs = Tensor.randn(Shape.of(1, 128, 4, 4), DType.FLOAT32, Device.CPU, gen);
    Tensor gos = Tensor.randn(Shape.of(1, 256, 4, 4), DType.FLOAT32, Device.CPU, gen);
    float[] gradW = Tensor.conv2dWeightGrad(gos, xs, small, 1).toFloatArray();
    assertArrayEquals(gradW, afterPoison(256 * 128 * 9, () -> Tensor.conv2dWeightGrad(gos, xs, small, 1)).toFloatArray());

    // Values [1, 64, 64, 64] of a 2x2 max-pool.
    Tensor big = Tensor.randn(Shape.of(1, 64, 128, 128), DType.FLOAT32, Device.CPU, gen);
    int[] two = {2, 2};
    float[] pooled = big.maxPool2d(two, two, new int[] {0, 0}, one).toFloatArray();
    assertArrayEquals(pooled, afterPoison(64 * 64 * 64, () -> big.maxPool2d(two, two, new int[] {0, 0}, one)).toFloatArray());
  }
}
