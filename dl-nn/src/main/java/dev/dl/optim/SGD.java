package dev.dl.optim;

import dev.dl.Tensor;
import dev.dl.nn.Parameter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (heavy-ball or Nesterov), dampening, weight
 * decay and maximisation, exactly as {@code torch.optim.SGD}:
 * {@code g += wd*p; buf = momentum*buf + (1-dampening)*g (buf = g at first); g = nesterov ? g + momentum*buf : buf; p -= lr*g}.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1, 0.9, 0, 5e-4, true, false);
 * opt.step();
 * }</pre>
 */
public final class SGD extends Optimizer {
  /** Plain SGD. */
  public SGD(Collection<Parameter> params, double lr) { this(params, lr, 0, 0, 0, false, false); }

  /** Every option. */
  public SGD(Collection<Parameter> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
      boolean maximize) {
    super(params, defaults(lr, momentum, dampening, weightDecay, nesterov, maximize));
  }

  /** Several groups; options they lack come from these defaults. */
  public SGD(List<ParamGroup> groups, double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
      boolean maximize) {
    super(groups, defaults(lr, momentum, dampening, weightDecay, nesterov, maximize));
  }

  private static Map<String, Object> defaults(double lr, double momentum, double dampening, double wd, boolean nesterov,
      boolean maximize) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", lr);
    d.put("momentum", momentum);
    d.put("dampening", dampening);
    d.put("weight_decay", wd);
    d.put("nesterov", nesterov);
    d.put("maximize", maximize);
    return d;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    if (g.getDouble("momentum") < 0) throw new IllegalArgumentException("Invalid momentum value: " + g.getDouble("momentum"));
    if (g.getDouble("weight_decay") < 0) throw new IllegalArgumentException("Invalid weight_decay value: " + g.getDouble("weight_decay"));
    if (g.getBoolean("nesterov") && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0)) {
      throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }
  }

  @Override
  protected void update(Parameter param, Tensor p, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    Tensor d = g.getBoolean("maximize") ? grad.neg() : grad;
    double wd = g.getDouble("weight_decay");
    if (wd != 0) d = d.add(p.mul(wd));
    double momentum = g.getDouble("momentum");
    if (momentum != 0) {
      Tensor buf = state.get("momentum_buffer");
      if (buf == null) {
        buf = d.clone();
        state.put("momentum_buffer", buf);
      } else {
        buf.mul_(momentum).add_(d.mul(1 - g.getDouble("dampening")));
      }
      d = g.getBoolean("nesterov") ? d.add(buf.mul(momentum)) : buf;
    }
    p.sub_(d.mul(g.lr()));
  }
}
