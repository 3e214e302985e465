package dev.dl.backend.cpu;

import dev.dl.spi.Op;

/** Plain-Java inner loops: the fallback when the Vector API is not readable, and the test oracle. */
final class ScalarSimd implements Simd {
  private static final int MR = 4;
  private static final int NR = 4;

  private final String reason;

  ScalarSimd(String reason) { this.reason = reason; }

  @Override
  public String description() { return "scalar (" + reason + ")"; }

  @Override
  public int gemmMrF32() { return MR; }

  @Override
  public int gemmNrF32() { return NR; }

  @Override
  public void gemmTileF32(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, int m, int n,
      boolean add) {
    // 4x4 register tile: sixteen local accumulators the JIT keeps in registers; an accumulator
    // array would cost a load and a store per multiply-add.
    float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    for (int p = 0; p < kc; p++) {
      int ai = ao + p * MR;
      int bi = bo + p * NR;
      float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
      float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
      c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
      c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
      c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
      c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    }
    float[] tile = {c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33};
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) c[co + i * ldc + j] = (add ? c[co + i * ldc + j] : 0f) + tile[i * NR + j];
    }
  }

  @Override
  public void gemmTileDirectF32(int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc,
      int m, int n, boolean add) {
    // Rows past m repeat the last real row: the reads stay inside A and their sums are dropped.
    int last = ao + (m - 1) * lda;
    int a0 = ao, a1 = Math.min(ao + lda, last), a2 = Math.min(ao + 2 * lda, last), a3 = Math.min(ao + 3 * lda, last);
    float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * NR;
      float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
      float x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
      c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
      c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
      c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
    }
    float[] tile = {c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33};
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) c[co + i * ldc + j] = (add ? c[co + i * ldc + j] : 0f) + tile[i * NR + j];
    }
  }

  @Override
  public int gemmMrF64() { return MR; }

  @Override
  public int gemmNrF64() { return NR; }

  @Override
  public void gemmTileF64(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, int m, int n) {
    double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    for (int p = 0; p < kc; p++) {
      int ai = ao + p * MR;
      int bi = bo + p * NR;
      double b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
      double a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
      c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
      c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
      c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
      c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    }
    double[] tile = {c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33};
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) c[co + i * ldc + j] += tile[i * NR + j];
    }
  }

  @Override
  public void whereF32(int n, byte[] c, int co, float[] a, int ao, float[] b, int bo, int bStep, float[] o, int oo) {
    for (int i = 0; i < n; i++) o[oo + i] = c[co + i] != 0 ? a[ao + i] : b[bo + i * bStep];
  }

  @Override
  public boolean binaryF32(Op op, int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] + b[bo + i * bs]; }
      case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] - b[bo + i * bs]; }
      case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] * b[bo + i * bs]; }
      case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] / b[bo + i * bs]; }
      case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i * as], b[bo + i * bs]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i * as], b[bo + i * bs]); }
      default -> { return false; }
    }
    return true;
  }

  @Override
  public boolean binaryF64(Op op, int n, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] + b[bo + i * bs]; }
      case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] - b[bo + i * bs]; }
      case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] * b[bo + i * bs]; }
      case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i * as] / b[bo + i * bs]; }
      case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i * as], b[bo + i * bs]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i * as], b[bo + i * bs]); }
      default -> { return false; }
    }
    return true;
  }

  @Override
  public boolean unaryF32(Op op, int n, float[] x, int xo, float[] o, int oo) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -x[xo + i]; }
      case ABS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.abs(x[xo + i]); }
      case RELU -> { for (int i = 0; i < n; i++) o[oo + i] = relu(x[xo + i]); }
      case SQRT -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.sqrt(x[xo + i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) o[oo + i] = 1f / x[xo + i]; }
      case EXP -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.exp(x[xo + i]); }
      default -> { return false; }
    }
    return true;
  }

  @Override
  public boolean unaryF64(Op op, int n, double[] x, int xo, double[] o, int oo) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -x[xo + i]; }
      case ABS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.abs(x[xo + i]); }
      case RELU -> { for (int i = 0; i < n; i++) o[oo + i] = relu(x[xo + i]); }
      case SQRT -> { for (int i = 0; i < n; i++) o[oo + i] = Math.sqrt(x[xo + i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) o[oo + i] = 1.0 / x[xo + i]; }
      case EXP -> { for (int i = 0; i < n; i++) o[oo + i] = Math.exp(x[xo + i]); }
      default -> { return false; }
    }
    return true;
  }

  /** max(x, 0) that keeps NaN, as torch.relu does. */
  static float relu(float x) { return x > 0 || x != x ? x : 0f; }

  static double relu(double x) { return x > 0 || x != x ? x : 0.0; }

  @Override
  public double sumF32(int n, float[] x, int xo) {
    // Four accumulators in flight break the add dependency chain.
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += x[xo + i];
      s1 += x[xo + i + 1];
      s2 += x[xo + i + 2];
      s3 += x[xo + i + 3];
    }
    for (; i < n; i++) s0 += x[xo + i];
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public double sumF64(int n, double[] x, int xo) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += x[xo + i];
      s1 += x[xo + i + 1];
      s2 += x[xo + i + 2];
      s3 += x[xo + i + 3];
    }
    for (; i < n; i++) s0 += x[xo + i];
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float maxMinF32(boolean max, int n, float[] x, int xo) {
    float r = x[xo];
    for (int i = 1; i < n; i++) r = max ? Math.max(r, x[xo + i]) : Math.min(r, x[xo + i]);
    return r;
  }
}
