package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Quadratic below {@code beta}, linear above, as {@code torch.nn.SmoothL1Loss} (beta 1).
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss().forward(prediction, target);
 * }</pre>
 */
public final class SmoothL1Loss extends Loss {
  private final double beta;

  /** Mean reduction, beta 1. */
  public SmoothL1Loss() { this(Reduction.MEAN, 1.0); }

  /** The given reduction and beta. */
  public SmoothL1Loss(Reduction reduction, double beta) {
    super(reduction);
    this.beta = beta;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.smoothL1Loss(input, target, reduction, beta); }
}
