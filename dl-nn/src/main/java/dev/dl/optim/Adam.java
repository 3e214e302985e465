package dev.dl.optim;

import dev.dl.Tensor;
import dev.dl.nn.Parameter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, exactly as {@code torch.optim.Adam} (L2 weight decay added to the gradient; optional
 * AMSGrad and maximisation): {@code m = lerp(m, g, 1-b1); v = b2*v + (1-b2)*g^2;
 * p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * opt.step();
 * }</pre>
 */
public class Adam extends Optimizer {
  /** Adam with betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public Adam(Collection<Parameter> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0, false, false); }

  /** Every option. */
  public Adam(Collection<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) {
    super(params, defaults(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize));
  }

  /** Several groups; options they lack come from these defaults. */
  public Adam(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) {
    super(groups, defaults(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize));
  }

  static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps, double wd, boolean amsgrad, boolean maximize) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", lr);
    d.put("betas", List.of(beta1, beta2));
    d.put("eps", eps);
    d.put("weight_decay", wd);
    d.put("amsgrad", amsgrad);
    d.put("maximize", maximize);
    return d;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    double[] betas = g.getDoubles("betas");
    for (int i = 0; i < 2; i++) {
      if (betas.length != 2 || !(betas[i] >= 0 && betas[i] < 1)) {
        throw new IllegalArgumentException("Invalid beta parameter at index " + i + ": " + java.util.Arrays.toString(betas));
      }
    }
    if (g.getDouble("eps") < 0) throw new IllegalArgumentException("Invalid epsilon value: " + g.getDouble("eps"));
    if (g.getDouble("weight_decay") < 0) throw new IllegalArgumentException("Invalid weight_decay value: " + g.getDouble("weight_decay"));
  }

  /** Decoupled weight decay: AdamW shrinks the parameter; Adam adds {@code wd*p} to the gradient. */
  boolean decoupled() { return false; }

  @Override
  protected void update(Parameter param, Tensor p, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    double lr = g.lr();
    double[] betas = g.getDoubles("betas");
    double wd = g.getDouble("weight_decay");
    double eps = g.getDouble("eps");
    boolean amsgrad = g.getBoolean("amsgrad");
    Tensor d = g.getBoolean("maximize") ? grad.neg() : grad;
    double step = incrementStep(state);
    if (decoupled()) {
      p.mul_(1 - lr * wd);
    } else if (wd != 0) {
      d = d.add(p.mul(wd));
    }
    Tensor m = state.computeIfAbsent("exp_avg", k -> Tensor.zerosLike(p));
    Tensor v = state.computeIfAbsent("exp_avg_sq", k -> Tensor.zerosLike(p));
    m.add_(d.sub(m).mul(1 - betas[0]));
    v.mul_(betas[1]).add_(d.mul(d).mul(1 - betas[1]));
    double bc1 = 1 - Math.pow(betas[0], step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(betas[1], step));
    Tensor second = v;
    if (amsgrad) {
      Tensor vmax = state.computeIfAbsent("max_exp_avg_sq", k -> Tensor.zerosLike(p));
      vmax.copy_(vmax.maximum(v));
      second = vmax;
    }
    Tensor denom = second.sqrt().div(bc2Sqrt).add(eps);
    p.sub_(m.div(denom).mul(lr / bc1));
  }
}
