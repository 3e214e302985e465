package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Sigmoid plus binary cross entropy in one numerically stable step, as {@code torch.nn.BCEWithLogitsLoss}; {@code posWeight} scales the positive term per class.
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss().forward(prediction, target);
 * }</pre>
 */
public final class BCEWithLogitsLoss extends Loss {

  /** No weights, mean reduction. */
  public BCEWithLogitsLoss() { this(null, Reduction.MEAN, null); }

  /** Every option; {@code weight} and {@code posWeight} may be null. */
  public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
    super(reduction);
    if (weight != null) registerBuffer("weight", weight);
    if (posWeight != null) registerBuffer("pos_weight", posWeight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.binaryCrossEntropyWithLogits(input, target, buffer("weight"), buffer("pos_weight"), reduction); }
}
