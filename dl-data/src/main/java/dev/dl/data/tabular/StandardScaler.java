package dev.dl.data.tabular;

import dev.dl.Tensor;

/**
 * Standardises each feature to mean 0 and unit variance, as scikit-learn's {@code StandardScaler}
 * (population standard deviation; constant features are left unscaled).
 *
 * <pre>{@code
 * StandardScaler s = new StandardScaler();
 * Tensor trainZ = s.fitTransform(train);  Tensor testZ = s.transform(test);
 * }</pre>
 */
public final class StandardScaler {
  private double[] mean;
  private double[] scale;

  /** Learns per-feature mean and standard deviation from {@code x} [samples, features]. */
  public StandardScaler fit(Tensor x) {
    double[] d = Columns.rows(x, "StandardScaler.fit");
    int n = x.size(0);
    int f = x.size(1);
    if (n == 0) throw new IllegalArgumentException("StandardScaler.fit: found an array with 0 samples");
    double[] m = new double[f];
    double[] s = new double[f];
    for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) m[j] += d[i * f + j];
    for (int j = 0; j < f; j++) m[j] /= n;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double c = d[i * f + j] - m[j];
        s[j] += c * c;
      }
    }
    for (int j = 0; j < f; j++) {
      s[j] = Math.sqrt(s[j] / n);
      if (s[j] == 0) s[j] = 1;
    }
    this.mean = m;
    this.scale = s;
    return this;
  }

  /** {@code (x - mean) / scale}. */
  public Tensor transform(Tensor x) {
    Columns.checkFitted(mean, "StandardScaler.transform");
    double[] d = Columns.rows(x, "StandardScaler.transform");
    int f = x.size(1);
    Columns.checkWidth(f, mean.length, "StandardScaler.transform");
    for (int i = 0; i < d.length; i++) d[i] = (d[i] - mean[i % f]) / scale[i % f];
    return Columns.back(d, x);
  }

  /** {@code fit(x).transform(x)}. */
  public Tensor fitTransform(Tensor x) { return fit(x).transform(x); }

  /** {@code z * scale + mean}. */
  public Tensor inverseTransform(Tensor z) {
    Columns.checkFitted(mean, "StandardScaler.inverseTransform");
    double[] d = Columns.rows(z, "StandardScaler.inverseTransform");
    int f = z.size(1);
    Columns.checkWidth(f, mean.length, "StandardScaler.inverseTransform");
    for (int i = 0; i < d.length; i++) d[i] = d[i] * scale[i % f] + mean[i % f];
    return Columns.back(d, z);
  }

  /** The fitted means. */
  public double[] mean() { Columns.checkFitted(mean, "StandardScaler.mean"); return mean.clone(); }

  /** The fitted scales (standard deviations, 1 for constant features). */
  public double[] scale() { Columns.checkFitted(scale, "StandardScaler.scale"); return scale.clone(); }
}
