package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Log-softmax plus negative log-likelihood, as {@code torch.nn.CrossEntropyLoss}: targets are class indices (int64) or class probabilities; optional class weights, ignore index and label smoothing.
 *
 * <pre>{@code
 * Tensor loss = new CrossEntropyLoss().forward(logits, classIndices);
 * }</pre>
 */
public final class CrossEntropyLoss extends Loss {
  private final int ignoreIndex;
  private final double labelSmoothing;

  /** No weights, ignore index -100, mean reduction, no smoothing. */
  public CrossEntropyLoss() { this(null, -100, Reduction.MEAN, 0); }

  /** Every option; {@code weight} [C] may be null. */
  public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction, double labelSmoothing) {
    super(reduction);
    if (weight != null) registerBuffer("weight", weight);
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.crossEntropy(input, target, buffer("weight"), ignoreIndex, reduction, labelSmoothing); }
}
