package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Flattens dims {@code startDim..endDim}, as {@code torch.nn.Flatten} (defaults 1 and -1).
 *
 * <pre>{@code
 * Tensor y = new Flatten().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class Flatten extends UnaryModule {
  private final int startDim;
  private final int endDim;

  /** Flattens all but the batch dim. */
  public Flatten() { this(1, -1); }

  /** Flattens {@code startDim..endDim} inclusive. */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }

  @Override
  public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }
}
