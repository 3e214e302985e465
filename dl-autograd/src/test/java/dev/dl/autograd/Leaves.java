package dev.dl.autograd;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.Random;

/** Seeded float64 leaves for gradient tests, including non-contiguous ones. */
final class Leaves {
  private final Random random;

  Leaves(long seed) { random = new Random(seed); }

  /** Standard normal values. */
  Tensor randn(int... shape) { return leaf(fill(shape, () -> random.nextGaussian()), shape); }

  /** Uniform in [0.5, 2): safe for log, sqrt, division. */
  Tensor positive(int... shape) { return leaf(fill(shape, () -> 0.5 + 1.5 * random.nextDouble()), shape); }

  /** Uniform in [-1, 1). */
  Tensor uniform(int... shape) { return leaf(fill(shape, () -> 2 * random.nextDouble() - 1), shape); }

  /** |x| in [0.2, 1.5) with a random sign: no kinks of abs, relu, max within finite-difference reach. */
  Tensor awayFromZero(int... shape) {
    return leaf(fill(shape, () -> (random.nextBoolean() ? 1 : -1) * (0.2 + 1.3 * random.nextDouble())), shape);
  }

  /** Distinct values (0.37 apart, shuffled): no ties for max/min, no kinks within finite-difference reach. */
  Tensor distinct(int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    double[] v = new double[n];
    // A random offset keeps two distinct() tensors off each other's grid (no ties between them either).
    double offset = 0.3 * random.nextDouble();
    for (int i = 0; i < n; i++) v[i] = 0.37 * (i - n / 2.0) + 0.01 + offset;
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return leaf(v, shape);
  }

  /** A leaf of shape [rows, cols] that is the transpose of a contiguous [cols, rows] tensor. */
  Tensor transposed(int rows, int cols) {
    Tensor base = Tensor.of(fill(new int[] {cols, rows}, () -> random.nextGaussian()), cols, rows);
    return base.t().detach().requiresGrad_();
  }

  /** A leaf of shape [rows, cols] that is every other column of a wider tensor (stride 2). */
  Tensor strided(int rows, int cols) {
    Tensor base = Tensor.of(fill(new int[] {rows, 2 * cols}, () -> random.nextGaussian()), rows, 2 * cols);
    return base.slice(1, 0, 2 * cols, 2).detach().requiresGrad_();
  }

  /** A constant (no grad) float64 tensor. */
  Tensor constant(int... shape) { return Tensor.of(fill(shape, () -> random.nextGaussian()), shape); }

  /** An int64 index tensor. */
  static Tensor index(long[] values, int... shape) { return Tensor.of(values, shape); }

  private static Tensor leaf(double[] values, int[] shape) {
    // Tensor.of reads an empty shape as 1-D; a zero-dim leaf is made as a scalar.
    Tensor t = shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT64) : Tensor.of(values, shape);
    assert t.dtype() == DType.FLOAT64;
    return t.requiresGrad_();
  }

  private static double[] fill(int[] shape, java.util.function.DoubleSupplier next) {
    int n = 1;
    for (int s : shape) n *= s;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = next.getAsDouble();
    return v;
  }
}
