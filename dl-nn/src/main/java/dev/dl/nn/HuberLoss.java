package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Quadratic below {@code delta}, linear (slope delta) above, as {@code torch.nn.HuberLoss} (delta 1).
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss().forward(prediction, target);
 * }</pre>
 */
public final class HuberLoss extends Loss {
  private final double delta;

  /** Mean reduction, delta 1. */
  public HuberLoss() { this(Reduction.MEAN, 1.0); }

  /** The given reduction and delta. */
  public HuberLoss(Reduction reduction, double delta) {
    super(reduction);
    this.delta = delta;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.huberLoss(input, target, reduction, delta); }
}
