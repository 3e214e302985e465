package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Mean absolute error, as {@code torch.nn.L1Loss}.
 *
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(prediction, target);
 * }</pre>
 */
public final class L1Loss extends Loss {
  /** Mean reduction. */
  public L1Loss() { this(Reduction.MEAN); }

  /** The given reduction. */
  public L1Loss(Reduction reduction) { super(reduction); }

  @Override
  public Tensor forward(Tensor input, Tensor target) { return Functional.l1Loss(input, target, reduction); }
}
