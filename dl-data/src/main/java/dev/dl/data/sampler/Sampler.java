package dev.dl.data.sampler;

import org.eclipse.collections.api.list.primitive.IntList;

/**
 * Chooses the dataset indices of one epoch and their order, as PyTorch's {@code Sampler}.
 *
 * <pre>{@code
 * Sampler s = new RandomSampler(1000, false, null, new Generator(7));
 * IntList epoch = s.indices();
 * }</pre>
 */
public interface Sampler {
  /** The indices of one epoch, in order; random samplers draw a new order on every call. */
  IntList indices();

  /** How many indices {@link #indices()} returns. */
  int size();
}
