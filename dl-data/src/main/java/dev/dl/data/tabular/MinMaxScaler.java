package dev.dl.data.tabular;

import dev.dl.Tensor;

/**
 * Maps each feature linearly onto {@code [min, max]} (default [0, 1]) using the range seen in
 * {@code fit}, as scikit-learn's {@code MinMaxScaler}; constant features map to {@code min}.
 *
 * <pre>{@code
 * Tensor scaled = new MinMaxScaler(-1, 1).fitTransform(x);
 * }</pre>
 */
public final class MinMaxScaler {
  private final double low;
  private final double high;
  private double[] dataMin;
  private double[] scale;

  /** Scales to [0, 1]. */
  public MinMaxScaler() { this(0, 1); }

  /** Scales to {@code [min, max]}. */
  public MinMaxScaler(double min, double max) {
    if (!(min < max)) {
      throw new IllegalArgumentException("MinMaxScaler: minimum of desired feature range must be smaller than maximum, got ("
          + min + ", " + max + ")");
    }
    this.low = min;
    this.high = max;
  }

  /** Learns per-feature minimum and maximum. */
  public MinMaxScaler fit(Tensor x) {
    double[] d = Columns.rows(x, "MinMaxScaler.fit");
    int n = x.size(0);
    int f = x.size(1);
    if (n == 0) throw new IllegalArgumentException("MinMaxScaler.fit: found an array with 0 samples");
    double[] mn = new double[f];
    double[] mx = new double[f];
    java.util.Arrays.fill(mn, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < d.length; i++) {
      mn[i % f] = Math.min(mn[i % f], d[i]);
      mx[i % f] = Math.max(mx[i % f], d[i]);
    }
    double[] s = new double[f];
    for (int j = 0; j < f; j++) {
      double range = mx[j] - mn[j];
      s[j] = (high - low) / (range == 0 ? 1 : range);
    }
    this.dataMin = mn;
    this.scale = s;
    return this;
  }

  /** {@code (x - dataMin) * scale + min}. */
  public Tensor transform(Tensor x) {
    Columns.checkFitted(dataMin, "MinMaxScaler.transform");
    double[] d = Columns.rows(x, "MinMaxScaler.transform");
    int f = x.size(1);
    Columns.checkWidth(f, dataMin.length, "MinMaxScaler.transform");
    for (int i = 0; i < d.length; i++) d[i] = (d[i] - dataMin[i % f]) * scale[i % f] + low;
    return Columns.back(d, x);
  }

  /** {@code fit(x).transform(x)}. */
  public Tensor fitTransform(Tensor x) { return fit(x).transform(x); }

  /** {@code (z - min) / scale + dataMin}. */
  public Tensor inverseTransform(Tensor z) {
    Columns.checkFitted(dataMin, "MinMaxScaler.inverseTransform");
    double[] d = Columns.rows(z, "MinMaxScaler.inverseTransform");
    int f = z.size(1);
    Columns.checkWidth(f, dataMin.length, "MinMaxScaler.inverseTransform");
    for (int i = 0; i < d.length; i++) d[i] = (d[i] - low) / scale[i % f] + dataMin[i % f];
    return Columns.back(d, z);
  }
}
