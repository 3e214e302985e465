package dev.dl.data.sampler;

import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.impl.factory.primitive.IntLists;
import org.eclipse.collections.impl.list.primitive.IntInterval;

/**
 * Indices {@code 0, 1, ..., n-1} in order.
 *
 * <pre>{@code
 * new SequentialSampler(3).indices();   // [0, 1, 2]
 * }</pre>
 */
public final class SequentialSampler implements Sampler {
  private final int size;

  /** A sampler over a dataset of {@code size} samples. */
  public SequentialSampler(int size) {
    if (size < 0) throw new IllegalArgumentException("SequentialSampler: size must be >= 0, got " + size);
    this.size = size;
  }

  @Override
  public IntList indices() { return size == 0 ? IntLists.immutable.empty() : IntInterval.zeroTo(size - 1); }

  @Override
  public int size() { return size; }
}
