package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Binary cross entropy of probabilities, as {@code torch.nn.BCELoss} (logs clamped at -100).
 *
 * <pre>{@code
 * Tensor loss = new BCELoss().forward(prediction, target);
 * }</pre>
 */
public final class BCELoss extends Loss {

  /** No weight, mean reduction. */
  public BCELoss() { this(null, Reduction.MEAN); }

  /** Every option; {@code weight} (broadcast to the input) may be null. */
  public BCELoss(Tensor weight, Reduction reduction) {
    super(reduction);
    if (weight != null) registerBuffer("weight", weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.binaryCrossEntropy(input, target, buffer("weight"), reduction); }
}
