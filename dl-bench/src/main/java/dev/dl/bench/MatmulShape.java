package dev.dl.bench;

/**
 * A matmul benchmark's {@code shape} parameter: {@code "1024"} (square), {@code "4096x256x1024"}
 * (M x K x N) or {@code "32x128x128x128"} (batch x M x K x N). The benchmarks and the report
 * generator parse it the same way, so GFLOPS are computed from the shape JMH recorded.
 */
record MatmulShape(int batch, int m, int k, int n) {
  /** Parses a shape parameter; fails naming the accepted forms. */
  static MatmulShape parse(String spec) {
    String[] parts = spec.trim().split("x", -1);
    try {
      int[] v = new int[parts.length];
      for (int i = 0; i < parts.length; i++) v[i] = Integer.parseInt(parts[i]);
      return switch (v.length) {
        case 1 -> new MatmulShape(1, v[0], v[0], v[0]);
        case 3 -> new MatmulShape(1, v[0], v[1], v[2]);
        case 4 -> new MatmulShape(v[0], v[1], v[2], v[3]);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("matmul shape '" + spec + "': expected N, MxKxN or BxMxKxN");
    }
  }

  /** Floating-point operations of one product: a multiply and an add per inner-loop step. */
  double flops() { return 2.0 * batch * m * k * n; }

  /** For ordering a report: 0 square, 1 rectangular, 2 batched. */
  int kind() { return batch > 1 ? 2 : m == k && k == n ? 0 : 1; }

  /** True for a single matrix product (no batch dimension). */
  boolean single() { return batch == 1; }
}
