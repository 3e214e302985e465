package dev.dl.backend.cpu;

import dev.dl.spi.Op;

/** Plain-Java inner loops: the fallback when the Vector API is not readable, and the test oracle. */
final class ScalarSimd implements Simd {
  private static final int MR = 4;
  private static final int NR = 8;

  private final String reason;

  ScalarSimd(String reason) { this.reason = reason; }

  @Override
  public String description() { return "scalar (" + reason + ")"; }

  @Override
  public int gemmMrF32() { return MR; }

  @Override
  public int gemmNrF32() { return NR; }

  @Override
  public void gemmTileF32(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, int m, int n) {
    // A local MR x NR accumulator the JIT keeps in registers and may auto-vectorise along j.
    float[] acc = new float[MR * NR];
    for (int p = 0; p < kc; p++) {
      int ai = ao + p * MR;
      int bi = bo + p * NR;
      for (int i = 0; i < MR; i++) {
        float av = a[ai + i];
        for (int j = 0; j < NR; j++) acc[i * NR + j] += av * b[bi + j];
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) c[co + i * ldc + j] += acc[i * NR + j];
    }
  }

  @Override
  public int gemmMrF64() { return MR; }

  @Override
  public int gemmNrF64() { return NR; }

  @Override
  public void gemmTileF64(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, int m, int n) {
    double[] acc = new double[MR * NR];
    for (int p = 0; p < kc; p++) {
      int ai = ao + p * MR;
      int bi = bo + p * NR;
      for (int i = 0; i < MR; i++) {
        double av = a[ai + i];
        for (int j = 0; j < NR; j++) acc[i * NR + j] += av * b[bi + j];
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) c[co + i * ldc + j] += acc[i * NR + j];
    }
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
