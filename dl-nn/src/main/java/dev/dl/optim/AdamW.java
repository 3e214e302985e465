package dev.dl.optim;

import dev.dl.nn.Parameter;
import java.util.Collection;
import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: {@code p *= 1 - lr*wd} before
 * the Adam update (default weight decay 0.01).
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 1e-3);
 * opt.step();
 * }</pre>
 */
public final class AdamW extends Adam {
  /** AdamW with betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public AdamW(Collection<Parameter> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0.01, false, false); }

  /** Every option. */
  public AdamW(Collection<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) {
    super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
  }

  /** Several groups; options they lack come from these defaults. */
  public AdamW(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) {
    super(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
  }

  @Override
  boolean decoupled() { return true; }
}
