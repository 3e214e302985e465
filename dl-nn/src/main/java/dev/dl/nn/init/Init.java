package dev.dl.nn.init;

import dev.dl.GradMode;
import dev.dl.Generator;
import dev.dl.Tensor;
import java.util.Locale;

/**
 * Weight initialisation, as {@code torch.nn.init}: every function fills a tensor in place without
 * recording for autograd and returns it. Random ones take a {@link Generator} (or use the default).
 *
 * <pre>{@code
 * Init.kaimingUniform_(layer.weight.tensor(), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", gen);
 * Init.zeros_(layer.bias.tensor());
 * }</pre>
 */
public final class Init {
  private Init() {}

  /** Which fan Kaiming initialisation preserves: the forward pass's variance or the backward pass's. */
  public enum FanMode { FAN_IN, FAN_OUT }

  /** Fan-in and fan-out of a weight of 2 or more dims: {@code size(1) * receptive} and {@code size(0) * receptive}. */
  public record Fans(int fanIn, int fanOut) {}

  /** Computes {@link Fans} as PyTorch's {@code _calculate_fan_in_and_fan_out}. */
  public static Fans fans(Tensor t) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions "
          + "(shape " + t.shape() + ")");
    }
    int receptive = 1;
    for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
    return new Fans(t.size(1) * receptive, t.size(0) * receptive);
  }

  /**
   * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for
   * relu, sqrt(2 / (1 + slope^2)) for leaky_relu (slope {@code param}, default 0.01), 3/4 for selu.
   */
  public static double calculateGain(String nonlinearity, Double param) {
    String n = nonlinearity.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1.0;
      case "tanh" -> 5.0 / 3;
      case "relu" -> Math.sqrt(2.0);
      case "leaky_relu" -> {
        double slope = param == null ? 0.01 : param;
        yield Math.sqrt(2.0 / (1 + slope * slope));
      }
      case "selu" -> 3.0 / 4;
      default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
    };
  }

  /** {@code calculateGain(nonlinearity, null)}. */
  public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, null); }

  /** Fills with U(a, b). */
  public static Tensor uniform_(Tensor t, double a, double b, Generator g) {
    try (var scope = GradMode.noGrad()) {
      return t.uniform_(a, b, g);
    }
  }

  /** Fills with U(a, b) from the default generator. */
  public static Tensor uniform_(Tensor t, double a, double b) { return uniform_(t, a, b, Generator.defaultGenerator()); }

  /** Fills with N(mean, std^2). */
  public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
    try (var scope = GradMode.noGrad()) {
      return t.normal_(mean, std, g);
    }
  }

  /** Fills with N(mean, std^2) from the default generator. */
  public static Tensor normal_(Tensor t, double mean, double std) { return normal_(t, mean, std, Generator.defaultGenerator()); }

  /** Fills with {@code value}. */
  public static Tensor constant_(Tensor t, double value) {
    try (var scope = GradMode.noGrad()) {
      return t.fill_(value);
    }
  }

  /** Fills with zeros. */
  public static Tensor zeros_(Tensor t) { return constant_(t, 0); }

  /** Fills with ones. */
  public static Tensor ones_(Tensor t) { return constant_(t, 1); }

  /** Glorot uniform: U(-a, a) with {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
  public static Tensor xavierUniform_(Tensor t, double gain, Generator g) {
    Fans f = fans(t);
    double a = gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
    return uniform_(t, -a, a, g);
  }

  /** Glorot uniform with gain 1 from the default generator. */
  public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1, Generator.defaultGenerator()); }

  /** Glorot normal: N(0, std^2) with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
  public static Tensor xavierNormal_(Tensor t, double gain, Generator g) {
    Fans f = fans(t);
    return normal_(t, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())), g);
  }

  /** Glorot normal with gain 1 from the default generator. */
  public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1, Generator.defaultGenerator()); }

  private static double kaimingStd(Tensor t, double a, FanMode mode, String nonlinearity) {
    Fans f = fans(t);
    int fan = mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
    if (fan == 0) throw new IllegalArgumentException("Initializing zero-element tensors is a no-op (shape " + t.shape() + ")");
    return calculateGain(nonlinearity, a) / Math.sqrt(fan);
  }

  /** He uniform: U(-b, b) with {@code b = gain(nonlinearity, a) * sqrt(3 / fan)}. */
  public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
    double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
    return uniform_(t, -bound, bound, g);
  }

  /** He uniform with PyTorch's defaults (a=0, fan_in, leaky_relu) from the default generator. */
  public static Tensor kaimingUniform_(Tensor t) {
    return kaimingUniform_(t, 0, FanMode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
  }

  /** He normal: N(0, std^2) with {@code std = gain(nonlinearity, a) / sqrt(fan)}. */
  public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
    return normal_(t, 0, kaimingStd(t, a, mode, nonlinearity), g);
  }

  /** He normal with PyTorch's defaults (a=0, fan_in, leaky_relu) from the default generator. */
  public static Tensor kaimingNormal_(Tensor t) {
    return kaimingNormal_(t, 0, FanMode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
  }

  /**
   * A (semi-)orthogonal matrix times {@code gain}: the Q of the QR decomposition of a normal
   * matrix, with signs fixed so R has a positive diagonal (the same distribution as PyTorch's).
   * Tensors with more than 2 dims are treated as [size(0), rest].
   */
  public static Tensor orthogonal_(Tensor t, double gain, Generator g) {
    if (t.dim() < 2) throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported (shape " + t.shape() + ")");
    int rows = t.size(0);
    int cols = t.numel() / Math.max(rows, 1);
    boolean transpose = rows < cols;
    int m = transpose ? cols : rows;
    int n = transpose ? rows : cols;
    double[] a = Tensor.randn(dev.dl.Shape.of(m, n), dev.dl.DType.FLOAT64, dev.dl.Device.CPU, g).toDoubleArray();
    // Modified Gram-Schmidt on the columns of the m x n (m >= n) matrix: columns become Q, and
    // the diagonal of R is each column's norm, which is positive, so no sign fix is needed.
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < j; k++) {
        double dot = 0;
        for (int i = 0; i < m; i++) dot += a[i * n + k] * a[i * n + j];
        for (int i = 0; i < m; i++) a[i * n + j] -= dot * a[i * n + k];
      }
      double norm = 0;
      for (int i = 0; i < m; i++) norm += a[i * n + j] * a[i * n + j];
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) a[i * n + j] /= norm;
    }
    double[] q = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) q[i * cols + j] = gain * (transpose ? a[j * n + i] : a[i * n + j]);
    }
    try (var scope = GradMode.noGrad()) {
      return t.copy_(Tensor.of(q, t.shape().toArray()).to(t.device()));
    }
  }

  /** Orthogonal with gain 1 from the default generator. */
  public static Tensor orthogonal_(Tensor t) { return orthogonal_(t, 1, Generator.defaultGenerator()); }
}
