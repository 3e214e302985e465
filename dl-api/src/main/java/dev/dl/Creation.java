package dev.dl;

import dev.dl.spi.Op;
import dev.dl.spi.Philox;

/** Factories that compute their values (ranges, identity, random) and device moves. */
final class Creation {
  private Creation() {}

  static Tensor eye(int n, int m, DType dtype, Device device) {
    if (n < 0 || m < 0) throw new IllegalArgumentException("eye: n and m must be >= 0, got n=" + n + ", m=" + m);
    Tensor t = Tensor.zeros(Shape.of(n, m), dtype, device);
    int k = Math.min(n, m);
    if (k == 0) return t;
    // The diagonal of a row-major n x m matrix is a strided view with stride m+1.
    Tensor diag = new Tensor(t.backend, t.storage, new int[] {k}, new int[] {m + 1}, 0, t);
    Dispatch.fill(diag, 1);
    return t;
  }

  static Tensor arange(long start, long end, long step) {
    long n = rangeLength("arange", start, end, step);
    long[] v = new long[(int) n];
    for (int i = 0; i < n; i++) v[i] = start + i * step;
    return HostArrays.fromHost(v, DType.INT64, new int[] {(int) n}, Device.defaultDevice());
  }

  static Tensor arange(double start, double end, double step) {
    if (!Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end + " step " + step);
    }
    if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
    if ((end - start) / step < 0) {
      throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign (start="
          + start + ", end=" + end + ", step=" + step + ")");
    }
    long n = (long) Math.ceil((end - start) / step);
    checkLength("arange", n);
    float[] v = new float[(int) n];
    for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
    return HostArrays.fromHost(v, DType.FLOAT32, new int[] {(int) n}, Device.defaultDevice());
  }

  private static long rangeLength(String op, long start, long end, long step) {
    if (step == 0) throw new IllegalArgumentException(op + ": step must be nonzero");
    if ((end - start) != 0 && Long.signum(end - start) != Long.signum(step)) {
      throw new IllegalArgumentException(op + ": upper bound and larger bound inconsistent with step sign (start="
          + start + ", end=" + end + ", step=" + step + ")");
    }
    long n = Math.ceilDiv(end - start, step);
    checkLength(op, n);
    return n;
  }

  private static void checkLength(String op, long n) {
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(op + ": " + n + " elements is too many for one tensor");
  }

  static Tensor linspace(double start, double end, int steps) {
    if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
    float[] v = new float[steps];
    double step = steps > 1 ? (end - start) / (steps - 1) : 0;
    // PyTorch fills the second half backwards from the end so that the last value is exact.
    int half = steps / 2;
    for (int i = 0; i < steps; i++) v[i] = (float) (i < half ? start + step * i : end - step * (steps - 1 - i));
    return HostArrays.fromHost(v, DType.FLOAT32, new int[] {steps}, Device.defaultDevice());
  }

  static Tensor random(Op op, Shape shape, DType dtype, Device device, Generator generator) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException((op == Op.RANDOM_NORMAL ? "randn" : "rand") + ": expected a floating point "
          + "dtype, got " + dtype + "; use randint for integers");
    }
    if (generator == null) throw new IllegalArgumentException("random: generator must not be null");
    Tensor t = Dispatch.empty(shape.raw(), dtype, device);
    int n = t.numel();
    if (n == 0) return t;
    long[] state = generator.reserve(Philox.wordsUsed(op, dtype, n));
    t.backend.random(op, t.operand(), state[0], state[1]);
    return t;
  }

  static Tensor randint(long low, long high, Shape shape, Generator generator, Device device) {
    if (low >= high) {
      throw new IllegalArgumentException("randint: expected low < high, but got low=" + low + ", high=" + high);
    }
    if (high - low > (1L << 52)) throw new IllegalArgumentException("randint: range " + (high - low) + " exceeds 2^52");
    Tensor u = random(Op.RANDOM_UNIFORM, shape, DType.FLOAT64, device, generator);
    try (var g = GradMode.noGrad()) {
      return u.mul((double) (high - low)).floor().add((double) low).to(DType.INT64);
    }
  }

  static Tensor randperm(int n, Generator generator, Device device) {
    if (n < 0) throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
    long[] p = new long[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = generator.nextInt(i + 1);
      long tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return HostArrays.fromHost(p, DType.INT64, new int[] {n}, device);
  }

  static Tensor toDevice(Tensor t, Device device) {
    if (t.device().equals(device)) return t;
    Object host = HostArrays.toHost(t, t.dtype);
    Tensor r = HostArrays.fromHost(host, t.dtype, t.shape, device);
    return Dispatch.record(Op.COPY, r, Dispatch.NO_ARGS, t);
  }

  static Tensor copyInto(Tensor self, Tensor src) {
    if (!src.device().equals(self.device())) src = src.to(self.device());
    int[] shape = Shape.broadcast(self.shape, src.shape, "copy_");
    if (!java.util.Arrays.equals(shape, self.shape)) {
      throw new IllegalArgumentException("copy_: source of shape " + src.shapeString()
          + " cannot be broadcast to the destination shape " + self.shapeString());
    }
    if (Dispatch.needsGrad(self, src)) {
      Dispatch.prepareInPlaceGrad("copy_", self);
      Tensor value = src.to(self.dtype).expand(self.shape);
      return Dispatch.inPlaceWithGrad("copy_", self, value.clone());
    }
    Dispatch.checkWritable("copy_", self);
    if (self.numel() > 0) self.backend.copy(self.operand(), src.broadcastOperand(self.shape));
    self.version.bump();
    return self;
  }
}
