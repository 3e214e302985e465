package dev.dl.optim;

import dev.dl.Tensor;
import dev.dl.nn.Parameter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, exactly as {@code torch.optim.RMSprop}: {@code sq = alpha*sq + (1-alpha)*g^2}; the
 * denominator is {@code sqrt(sq - avg^2) + eps} when centered, else {@code sqrt(sq) + eps}; with
 * momentum {@code buf = momentum*buf + g/denom; p -= lr*buf}, else {@code p -= lr*g/denom}.
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), 0.01);
 * opt.step();
 * }</pre>
 */
public final class RMSprop extends Optimizer {
  /** alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
  public RMSprop(Collection<Parameter> params, double lr) { this(params, lr, 0.99, 1e-8, 0, 0, false, false); }

  /** Every option. */
  public RMSprop(Collection<Parameter> params, double lr, double alpha, double eps, double weightDecay, double momentum,
      boolean centered, boolean maximize) {
    super(params, defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize));
  }

  /** Several groups; options they lack come from these defaults. */
  public RMSprop(List<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay, double momentum,
      boolean centered, boolean maximize) {
    super(groups, defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize));
  }

  private static Map<String, Object> defaults(double lr, double alpha, double eps, double wd, double momentum, boolean centered,
      boolean maximize) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", lr);
    d.put("alpha", alpha);
    d.put("eps", eps);
    d.put("weight_decay", wd);
    d.put("momentum", momentum);
    d.put("centered", centered);
    d.put("maximize", maximize);
    return d;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    if (g.getDouble("alpha") < 0) throw new IllegalArgumentException("Invalid alpha value: " + g.getDouble("alpha"));
    if (g.getDouble("eps") < 0) throw new IllegalArgumentException("Invalid epsilon value: " + g.getDouble("eps"));
    if (g.getDouble("momentum") < 0) throw new IllegalArgumentException("Invalid momentum value: " + g.getDouble("momentum"));
    if (g.getDouble("weight_decay") < 0) throw new IllegalArgumentException("Invalid weight_decay value: " + g.getDouble("weight_decay"));
  }

  @Override
  protected void update(Parameter param, Tensor p, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    Tensor d = g.getBoolean("maximize") ? grad.neg() : grad;
    incrementStep(state);
    double wd = g.getDouble("weight_decay");
    if (wd != 0) d = d.add(p.mul(wd));
    double alpha = g.getDouble("alpha");
    Tensor sq = state.computeIfAbsent("square_avg", k -> Tensor.zerosLike(p));
    sq.mul_(alpha).add_(d.mul(d).mul(1 - alpha));
    Tensor avg;
    if (g.getBoolean("centered")) {
      Tensor ga = state.computeIfAbsent("grad_avg", k -> Tensor.zerosLike(p));
      ga.add_(d.sub(ga).mul(1 - alpha));
      avg = sq.sub(ga.mul(ga)).sqrt();
    } else {
      avg = sq.sqrt();
    }
    avg = avg.add(g.getDouble("eps"));
    double momentum = g.getDouble("momentum");
    if (momentum > 0) {
      Tensor buf = state.computeIfAbsent("momentum_buffer", k -> Tensor.zerosLike(p));
      buf.mul_(momentum).add_(d.div(avg));
      p.sub_(buf.mul(g.lr()));
    } else {
      p.sub_(d.div(avg).mul(g.lr()));
    }
  }
}
