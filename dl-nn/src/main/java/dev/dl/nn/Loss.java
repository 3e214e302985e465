package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Base of the loss modules: {@code forward(input, target)} with a {@link Reduction}.
 *
 * <pre>{@code
 * Loss lossFn = new CrossEntropyLoss();
 * Tensor loss = lossFn.forward(logits, labels);
 * }</pre>
 */
public abstract class Loss extends Module {
  /** How per-element losses are combined. */
  protected final Reduction reduction;

  /** A loss with this reduction. */
  protected Loss(Reduction reduction) {
    this.reduction = java.util.Objects.requireNonNull(reduction, "reduction");
    if (reduction == Reduction.BATCHMEAN && !(this instanceof KLDivLoss)) {
      throw new IllegalArgumentException(getName() + ": reduction 'batchmean' is only valid for KLDivLoss");
    }
  }

  /** The loss of {@code input} against {@code target}. */
  public abstract Tensor forward(Tensor input, Tensor target);

  /** The reduction. */
  public Reduction reduction() { return reduction; }
}
