package dev.dl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Helpers shared by the dl-nn tests. */
public final class TestUtil {
  private TestUtil() {}

  /** A float64 tensor of normal values from a seeded {@link Random}. */
  public static Tensor randn64(Random r, int... shape) {
    double[] v = new double[Shape.numel(shape)];
    for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
    return Tensor.of(v, shape);
  }

  /** Asserts shape and values within {@code tol}. */
  public static void assertClose(double[] expected, Tensor actual, double tol) {
    double[] a = actual.toDoubleArray();
    assertEquals(expected.length, a.length, "element count of " + actual.shape());
    for (int i = 0; i < a.length; i++) {
      final int idx = i;
      assertTrue(Math.abs(expected[i] - a[i]) <= tol * (1 + Math.abs(expected[i])),
          () -> "element " + idx + ": expected " + expected[idx] + " but got " + a[idx] + "\nexpected " + Arrays.toString(expected)
              + "\nactual   " + Arrays.toString(a));
    }
  }

  /** Asserts the tensor has the given shape. */
  public static void assertShape(Tensor t, int... shape) {
    assertEquals(Shape.of(shape), t.shape());
  }

  /**
   * Finite-difference check of {@code f}'s gradient with respect to {@code leaves} (float64
   * tensors that require grad, e.g. an input and a module's parameters). The output is reduced
   * to a scalar with fixed random weights; each leaf is perturbed in place, so {@code f} may
   * read it through a module.
   */
  public static void gradcheck(Supplier<Tensor> f, List<Tensor> leaves) {
    Tensor out0 = f.get();
    Tensor weights = randn64(new Random(99), out0.shape().toArray());
    for (Tensor l : leaves) {
      assertEquals(DType.FLOAT64, l.dtype(), "gradcheck needs float64 leaves");
      l.setGrad(null);
    }
    out0.mul(weights).sum().backward();
    List<double[]> analytical = new ArrayList<>();
    for (Tensor l : leaves) analytical.add(l.grad() == null ? new double[l.numel()] : l.grad().toDoubleArray());
    double eps = 1e-6;
    for (int li = 0; li < leaves.size(); li++) {
      Tensor leaf = leaves.get(li);
      double[] base = leaf.toDoubleArray();
      for (int k = 0; k < base.length; k++) {
        double plus = evalAt(f, weights, leaf, base, k, eps);
        double minus = evalAt(f, weights, leaf, base, k, -eps);
        double numerical = (plus - minus) / (2 * eps);
        double a = analytical.get(li)[k];
        final int leafIndex = li;
        final int elem = k;
        assertTrue(Math.abs(a - numerical) <= 1e-5 + 1e-3 * Math.abs(numerical),
            () -> "gradient mismatch for leaf " + leafIndex + " " + leaf.shape() + " element " + elem + ": analytical " + a
                + ", numerical " + numerical);
      }
      set(leaf, base);
    }
  }

  private static double evalAt(Supplier<Tensor> f, Tensor weights, Tensor leaf, double[] base, int k, double delta) {
    double[] v = base.clone();
    v[k] += delta;
    set(leaf, v);
    try (var scope = GradMode.noGrad()) {
      return f.get().mul(weights).sum().item();
    }
  }

  private static void set(Tensor leaf, double[] values) {
    try (var scope = GradMode.noGrad()) {
      leaf.copy_(Tensor.of(values, leaf.shape().toArray()));
    }
  }
}
