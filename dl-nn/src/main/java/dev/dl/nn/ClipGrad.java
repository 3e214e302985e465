package dev.dl.nn;

import dev.dl.GradMode;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = ClipGrad.clipGradNorm_(model.parameters(), 1.0);
 * }</pre>
 */
public final class ClipGrad {
  private ClipGrad() {}

  /** {@code clipGradNorm_(params, maxNorm, 2, false)}. */
  public static double clipGradNorm_(Collection<Parameter> params, double maxNorm) { return clipGradNorm_(params, maxNorm, 2, false); }

  /**
   * Scales all gradients together so their joint {@code normType}-norm (infinity allowed) is at
   * most {@code maxNorm}; returns the norm before clipping. With {@code errorIfNonfinite} a NaN or
   * infinite norm is an error instead of being applied.
   */
  public static double clipGradNorm_(Collection<Parameter> params, double maxNorm, double normType, boolean errorIfNonfinite) {
    List<Tensor> grads = new ArrayList<>();
    for (Parameter p : params) if (p.grad() != null) grads.add(p.grad());
    if (grads.isEmpty()) return 0;
    double total;
    if (Double.isInfinite(normType)) {
      total = 0;
      for (Tensor g : grads) total = Math.max(total, g.abs().max().item());
    } else {
      double acc = 0;
      for (Tensor g : grads) acc += Math.pow(g.norm(normType, null, false).item(), normType);
      total = Math.pow(acc, 1 / normType);
    }
    if (errorIfNonfinite && !Double.isFinite(total)) {
      throw new IllegalStateException("The total norm of order " + normType + " for gradients from `parameters` is non-finite, "
          + "so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
          + "errorIfNonfinite=false");
    }
    double coef = Math.min(maxNorm / (total + 1e-6), 1.0);
    try (var scope = GradMode.noGrad()) {
      for (Tensor g : grads) g.mul_(coef);
    }
    return total;
  }

  /** Clamps every gradient element into {@code [-clipValue, clipValue]} in place. */
  public static void clipGradValue_(Collection<Parameter> params, double clipValue) {
    try (var scope = GradMode.noGrad()) {
      for (Parameter p : params) if (p.grad() != null) p.grad().clamp_(-clipValue, clipValue);
    }
  }
}
