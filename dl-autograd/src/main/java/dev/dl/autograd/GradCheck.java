package dev.dl.autograd;

import dev.dl.DType;
import dev.dl.GradMode;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Finite-difference checks of gradients, like {@code torch.autograd.gradcheck}: the Jacobian
 * autograd computes is compared with central differences, entry by entry. Use float64 inputs.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).toDouble().requiresGrad_();
 * GradCheck.gradcheck(in -> in.get(0).tanh(), List.of(x), 1e-6, 1e-5, 1e-3);
 * }</pre>
 */
public final class GradCheck {
  private static final int SHOWN = 8;

  private GradCheck() {}

  /**
   * Checks {@code f}'s gradient with respect to every input that requires grad.
   *
   * @throws AssertionError naming the input, the mismatching Jacobian entries and both values
   */
  public static void gradcheck(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps,
      double atol, double rtol) {
    checkAll(in -> List.of(f.apply(in)), inputs, eps, atol, rtol, "gradcheck");
  }

  /**
   * Checks second derivatives: the gradient of {@code f} (with random output gradients, themselves
   * treated as inputs) is gradchecked, like {@code torch.autograd.gradgradcheck}.
   */
  public static void gradgradcheck(java.util.function.Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
      double eps, double atol, double rtol) {
    Tensor output = f.apply(inputs);
    if (!output.requiresGrad()) {
      throw new IllegalArgumentException("gradgradcheck: the output does not require grad");
    }
    Random random = new Random(0);
    double[] v = new double[output.numel()];
    for (int i = 0; i < v.length; i++) v[i] = random.nextGaussian();
    Tensor gradOut = fromValues(v, output.shape().toArray()).to(output.device()).requiresGrad_();
    List<Tensor> all = new ArrayList<>(inputs);
    all.add(gradOut);
    int n = inputs.size();
    checkAll(in -> {
      Tensor out = f.apply(in.subList(0, n));
      List<Tensor> wrt = new ArrayList<>();
      for (Tensor t : in.subList(0, n)) if (t.requiresGrad()) wrt.add(t);
      List<Tensor> g = Autograd.grad(List.of(out), wrt, List.of(in.get(n)), true, true, true);
      List<Tensor> result = new ArrayList<>(g.size());
      for (int i = 0; i < g.size(); i++) result.add(g.get(i) == null ? Tensor.zerosLike(wrt.get(i)) : g.get(i));
      return result;
    }, all, eps, atol, rtol, "gradgradcheck");
  }

  private static void checkAll(java.util.function.Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs,
      double eps, double atol, double rtol, String what) {
    for (Tensor t : inputs) {
      if (t.requiresGrad() && t.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException(what + ": inputs that require grad must be float64 for finite differences, "
            + "got " + t.dtype() + " (shape " + t.shape() + ")");
      }
    }
    List<Tensor> outputs = f.apply(inputs);
    for (int o = 0; o < outputs.size(); o++) {
      Tensor out = outputs.get(o);
      for (int i = 0; i < inputs.size(); i++) {
        Tensor in = inputs.get(i);
        if (!in.requiresGrad()) continue;
        double[][] analytical = analytical(out, in, outputs, o);
        double[][] numerical = numerical(f, inputs, i, o, eps);
        compare(what, o, i, in, out, analytical, numerical, atol, rtol);
      }
    }
  }

  /** Row j = d out[j] / d in, by backward with a one-hot output gradient. */
  private static double[][] analytical(Tensor out, Tensor in, List<Tensor> outputs, int o) {
    int rows = out.numel(), cols = in.numel();
    double[][] jac = new double[rows][cols];
    if (!out.requiresGrad()) return jac;
    for (int j = 0; j < rows; j++) {
      double[] onehot = new double[rows];
      onehot[j] = 1;
      Tensor gOut = fromValues(onehot, out.shape().toArray()).to(out.device()).to(out.dtype());
      Tensor g = Autograd.grad(List.of(out), List.of(in), List.of(gOut), true, false, true).get(0);
      if (g != null) jac[j] = g.toDoubleArray();
    }
    return jac;
  }

  /** Column k = (f(in + eps e_k) - f(in - eps e_k)) / 2 eps, evaluated on contiguous copies. */
  private static double[][] numerical(java.util.function.Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs,
      int i, int o, double eps) {
    Tensor in = inputs.get(i);
    double[] base = in.toDoubleArray();
    int[] shape = in.shape().toArray();
    int rows = -1;
    double[][] jac = null;
    for (int k = 0; k < base.length; k++) {
      double[] plus = evaluate(f, inputs, i, perturbed(base, k, eps), shape, o);
      double[] minus = evaluate(f, inputs, i, perturbed(base, k, -eps), shape, o);
      if (jac == null) {
        rows = plus.length;
        jac = new double[rows][base.length];
      }
      for (int j = 0; j < rows; j++) jac[j][k] = (plus[j] - minus[j]) / (2 * eps);
    }
    return jac == null ? new double[0][0] : jac;
  }

  /** A float64 tensor of any rank (Tensor.of reads an empty shape as 1-D). */
  private static Tensor fromValues(double[] values, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT64) : Tensor.of(values, shape);
  }

  private static double[] perturbed(double[] base, int k, double delta) {
    double[] p = base.clone();
    p[k] += delta;
    return p;
  }

  private static double[] evaluate(java.util.function.Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs,
      int i, double[] values, int[] shape, int o) {
    List<Tensor> args = new ArrayList<>(inputs);
    Tensor original = inputs.get(i);
    Tensor replaced = fromValues(values, shape).to(original.device());
    // Keep requires-grad so functions that differentiate internally (gradgradcheck) still work.
    if (original.requiresGrad()) replaced.requiresGrad_();
    args.set(i, replaced);
    try (var _ = GradMode.enableGrad()) {
      return f.apply(args).get(o).detach().toDoubleArray();
    }
  }

  private static void compare(String what, int o, int i, Tensor in, Tensor out, double[][] analytical,
      double[][] numerical, double atol, double rtol) {
    StringBuilder bad = new StringBuilder();
    int count = 0;
    for (int j = 0; j < analytical.length; j++) {
      for (int k = 0; k < analytical[j].length; k++) {
        double a = analytical[j][k], n = numerical[j][k];
        boolean ok = Math.abs(a - n) <= atol + rtol * Math.abs(n) || (Double.isNaN(a) && Double.isNaN(n));
        if (!ok) {
          if (count < SHOWN) {
            bad.append("\n  d out[").append(j).append("] / d in[").append(k).append("]: numerical ").append(n)
                .append(", analytical ").append(a);
          }
          count++;
        }
      }
    }
    if (count > 0) {
      throw new AssertionError(what + ": Jacobian mismatch for output " + o + " (shape " + out.shape()
          + ") with respect to input " + i + " (shape " + in.shape() + "): " + count + " of "
          + (analytical.length * (analytical.length == 0 ? 0 : analytical[0].length)) + " entries differ beyond atol="
          + atol + ", rtol=" + rtol + " (flat row-major indices)" + bad
          + (count > SHOWN ? "\n  ... and " + (count - SHOWN) + " more" : "")
          + "\nnumerical:\n" + format(numerical) + "\nanalytical:\n" + format(analytical));
    }
  }

  private static String format(double[][] m) {
    StringBuilder sb = new StringBuilder();
    int rows = Math.min(m.length, 6);
    for (int j = 0; j < rows; j++) {
      double[] row = m[j];
      double[] shown = Arrays.copyOf(row, Math.min(row.length, 8));
      sb.append("  ").append(Arrays.toString(shown)).append(row.length > 8 ? " ..." : "").append('\n');
    }
    if (m.length > rows) sb.append("  ...\n");
    return sb.toString();
  }
}
