package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Mean squared error, as {@code torch.nn.MSELoss}.
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(prediction, target);
 * }</pre>
 */
public final class MSELoss extends Loss {
  /** Mean reduction. */
  public MSELoss() { this(Reduction.MEAN); }

  /** The given reduction. */
  public MSELoss(Reduction reduction) { super(reduction); }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.mseLoss(input, target, reduction); }
}
