package dev.dl.backend.cpu;

/**
 * The error function after W. J. Cody, "Rational Chebyshev approximations for the error
 * function" (Math. Comp. 1969), as in his CALERF routine: three rational approximations on
 * |x| &le; 0.5, 0.5 &lt; |x| &le; 4 and |x| &gt; 4, accurate to about 1e-16 relative;
 * {@link #erfFloat} is a cheaper evaluation for results stored in 32 bits or fewer.
 */
final class Erf {
  private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
      3.20937758913846947e03, 1.85777706184603153e-1};
  private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
      2.84423683343917062e03};
  private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
      2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
      1.23033935479799725e03, 2.15311535474403846e-8};
  private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
      1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
      1.23033935480374942e03};
  private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
      1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
  private static final double[] Q = {2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
      6.05183413124413191e-2, 2.33520497626869185e-3};
  private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
  /** Beyond this erf(x) rounds to 1 in double. */
  private static final double X_BIG = 6.0;

  private Erf() {}

  static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double y = Math.abs(x);
    if (y <= 0.5) {
      double ysq = y > 1.11e-16 ? y * y : 0.0;
      double num = A[4] * ysq;
      double den = ysq;
      for (int i = 0; i < 3; i++) {
        num = (num + A[i]) * ysq;
        den = (den + B[i]) * ysq;
      }
      return x * (num + A[3]) / (den + B[3]);
    }
    if (y >= X_BIG) return Math.copySign(1.0, x);
    double erfc = erfcTail(y);
    double r = (0.5 - erfc) + 0.5;
    return x < 0 ? -r : r;
  }

  /**
   * erf for float16/bfloat16/float32 results: the same rational approximations with the
   * polynomials unrolled and a single {@code exp(-x*x)}, which is accurate far beyond float's
   * 6e-8 and about twice as fast as {@link #erf}.
   */
  static double erfFloat(double x) {
    if (x != x) return x;
    double y = Math.abs(x);
    if (y <= 0.5) {
      double z = y * y;
      double num = (((A[4] * z + A[0]) * z + A[1]) * z + A[2]) * z + A[3];
      double den = (((z + B[0]) * z + B[1]) * z + B[2]) * z + B[3];
      return x * num / den;
    }
    if (y >= 4.0) return Math.copySign(y >= X_BIG ? 1.0 : 1.0 - erfcTail(y), x);
    double num = (((((((C[8] * y + C[0]) * y + C[1]) * y + C[2]) * y + C[3]) * y + C[4]) * y + C[5]) * y + C[6]) * y
        + C[7];
    double den = (((((((y + D[0]) * y + D[1]) * y + D[2]) * y + D[3]) * y + D[4]) * y + D[5]) * y + D[6]) * y + D[7];
    double r = 1.0 - Math.exp(-y * y) * num / den;
    return x < 0 ? -r : r;
  }

  /** erfc(y) for 0.5 &lt; y &lt; X_BIG. */
  private static double erfcTail(double y) {
    double r;
    if (y <= 4.0) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      r = (num + C[7]) / (den + D[7]);
    } else {
      double ysq = 1.0 / (y * y);
      double num = P[5] * ysq;
      double den = ysq;
      for (int i = 0; i < 4; i++) {
        num = (num + P[i]) * ysq;
        den = (den + Q[i]) * ysq;
      }
      r = ysq * (num + P[4]) / (den + Q[4]);
      r = (ONE_OVER_SQRT_PI - r) / y;
    }
    // exp(-y^2) split as exp(-ysq^2) * exp(-del) with ysq = y rounded to 1/16: avoids the
    // cancellation error of forming y*y directly.
    double ysq = Math.floor(y * 16.0) / 16.0;
    double del = (y - ysq) * (y + ysq);
    return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
  }
}
