package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Splits one dim into several, as {@code torch.nn.Unflatten}.
 *
 * <pre>{@code
 * Tensor y = new Unflatten(1, 3, 2).apply(Tensor.randn(2, 6));
 * }</pre>
 */
public final class Unflatten extends UnaryModule {
  private final int dim;
  private final int[] sizes;

  /** Splits {@code dim} into {@code sizes} (one may be -1). */
  public Unflatten(int dim, int... sizes) {
    this.dim = dim;
    this.sizes = sizes.clone();
  }

  @Override
  public String extraRepr() { return "dim=" + dim + ", unflattened_size=" + tuple(sizes); }

  @Override
  public Tensor forward(Tensor input) { return input.unflatten(dim, sizes); }
}
