package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Kullback-Leibler divergence with log-probability inputs, as {@code torch.nn.KLDivLoss};
 * {@code logTarget} when the target is given as log-probabilities too. Prefer
 * {@link Reduction#BATCHMEAN}: PyTorch's {@code mean} divides by every element.
 *
 * <pre>{@code
 * Tensor loss = new KLDivLoss(Reduction.BATCHMEAN, false).forward(logProbs, targetProbs);
 * }</pre>
 */
public final class KLDivLoss extends Loss {
  private final boolean logTarget;

  /** Mean reduction (as PyTorch), probabilities as target. */
  public KLDivLoss() { this(Reduction.MEAN, false); }

  /** Every option. */
  public KLDivLoss(Reduction reduction, boolean logTarget) {
    super(reduction);
    this.logTarget = logTarget;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.klDiv(input, target, reduction, logTarget); }
}
