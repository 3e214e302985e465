package dev.dl.optim;

import dev.dl.Tensor;
import dev.dl.nn.Parameter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, exactly as {@code torch.optim.Adagrad}: {@code sum += g^2;
 * p -= lr/(1 + (t-1)*lrDecay) * g / (sqrt(sum) + eps)}.
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), 0.01);
 * opt.step();
 * }</pre>
 */
public final class Adagrad extends Optimizer {
  /** No decay, accumulator starting at 0, eps 1e-10. */
  public Adagrad(Collection<Parameter> params, double lr) { this(params, lr, 0, 0, 0, 1e-10, false); }

  /** Every option. */
  public Adagrad(Collection<Parameter> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
      double eps, boolean maximize) {
    super(params, defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize));
  }

  /** Several groups; options they lack come from these defaults. */
  public Adagrad(List<ParamGroup> groups, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
      double eps, boolean maximize) {
    super(groups, defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize));
  }

  private static Map<String, Object> defaults(double lr, double lrDecay, double wd, double init, double eps, boolean maximize) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", lr);
    d.put("lr_decay", lrDecay);
    d.put("weight_decay", wd);
    d.put("initial_accumulator_value", init);
    d.put("eps", eps);
    d.put("maximize", maximize);
    return d;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    if (g.getDouble("lr_decay") < 0) throw new IllegalArgumentException("Invalid lr_decay value: " + g.getDouble("lr_decay"));
    if (g.getDouble("weight_decay") < 0) throw new IllegalArgumentException("Invalid weight_decay value: " + g.getDouble("weight_decay"));
    if (g.getDouble("initial_accumulator_value") < 0) {
      throw new IllegalArgumentException("Invalid initial_accumulator_value value: " + g.getDouble("initial_accumulator_value"));
    }
    if (g.getDouble("eps") < 0) throw new IllegalArgumentException("Invalid epsilon value: " + g.getDouble("eps"));
  }

  @Override
  protected void update(Parameter param, Tensor p, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    Tensor d = g.getBoolean("maximize") ? grad.neg() : grad;
    double step = incrementStep(state);
    double wd = g.getDouble("weight_decay");
    if (wd != 0) d = d.add(p.mul(wd));
    Tensor sum = state.computeIfAbsent("sum", k -> Tensor.fullLike(p, g.getDouble("initial_accumulator_value")));
    sum.add_(d.mul(d));
    double clr = g.lr() / (1 + (step - 1) * g.getDouble("lr_decay"));
    p.sub_(d.div(sum.sqrt().add(g.getDouble("eps"))).mul(clr));
  }
}
