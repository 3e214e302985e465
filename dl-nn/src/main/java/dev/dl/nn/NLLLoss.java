package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Negative log-likelihood of log-probabilities, as {@code torch.nn.NLLLoss}.
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().forward(prediction, target);
 * }</pre>
 */
public final class NLLLoss extends Loss {
  private final int ignoreIndex;

  /** No weights, ignore index -100, mean reduction. */
  public NLLLoss() { this(null, -100, Reduction.MEAN); }

  /** Every option; {@code weight} [C] may be null. */
  public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
    super(reduction);
    if (weight != null) registerBuffer("weight", weight);
    this.ignoreIndex = ignoreIndex;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.nllLoss(input, target, buffer("weight"), ignoreIndex, reduction); }
}
