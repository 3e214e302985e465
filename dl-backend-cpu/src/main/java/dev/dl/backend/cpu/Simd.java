package dev.dl.backend.cpu;

import dev.dl.spi.Op;

/**
 * The hot inner loops that have a Vector API implementation ({@code VectorSimd}) and a plain Java
 * one ({@link ScalarSimd}); {@link SimdProvider} picks one at run time. All arrays are dense runs:
 * a step of 0 marks an operand broadcast from one element.
 */
interface Simd {
  /** Says which implementation this is, e.g. "Vector API, 512-bit" or "scalar (reason)". */
  String description();

  /** Rows of a float32 GEMM register tile. */
  int gemmMrF32();

  /** Columns of a float32 GEMM register tile. */
  int gemmNrF32();

  /**
   * Adds {@code A_panel @ B_panel} to the {@code m x n} corner of C, where the packed panels hold
   * {@code kc} steps of {@code MR} rows of A and {@code NR} columns of B (zero-padded); with
   * {@code add} false the corner is overwritten instead, which saves zeroing C first.
   */
  void gemmTileF32(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, int m, int n, boolean add);

  /**
   * As {@link #gemmTileF32}, but A is read in place: row {@code r} of the tile starts at
   * {@code ao + r * lda} and runs along k with unit stride, so a row-major A needs no packing. Only
   * the first {@code m} rows are read.
   */
  void gemmTileDirectF32(int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc, int m, int n,
      boolean add);

  int gemmMrF64();

  int gemmNrF64();

  void gemmTileF64(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, int m, int n);

  /**
   * Runs a binary op on dense float32 runs if this implementation covers it; {@code aStep} and
   * {@code bStep} are 1, or 0 for a broadcast operand. Returns false to fall back to generic code.
   */
  boolean binaryF32(Op op, int n, float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] o, int oo);

  boolean binaryF64(Op op, int n, double[] a, int ao, int aStep, double[] b, int bo, int bStep, double[] o, int oo);

  /**
   * float32 where on dense runs: {@code o[i] = c[i] != 0 ? a[i] : b[i * bStep]}, {@code bStep} 1
   * or 0 (a scalar other branch, as in the gradients of relu and clamp).
   */
  void whereF32(int n, byte[] c, int co, float[] a, int ao, float[] b, int bo, int bStep, float[] o, int oo);

  /** Runs a unary op on dense float32 runs if covered; returns false otherwise. */
  boolean unaryF32(Op op, int n, float[] x, int xo, float[] o, int oo);

  boolean unaryF64(Op op, int n, double[] x, int xo, double[] o, int oo);

  /** Sum of a dense float32 run, accumulated in double. */
  double sumF32(int n, float[] x, int xo);

  double sumF64(int n, double[] x, int xo);

  /** NaN-propagating maximum (or minimum when {@code max} is false) of a non-empty dense run. */
  float maxMinF32(boolean max, int n, float[] x, int xo);
}
