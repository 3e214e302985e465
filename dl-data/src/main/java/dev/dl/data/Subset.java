package dev.dl.data;

import org.eclipse.collections.api.list.primitive.IntList;

/**
 * The samples of a dataset at the given indices, in that order (PyTorch's {@code Subset}).
 *
 * <pre>{@code
 * Subset<Example> firstHundred = new Subset<>(train, IntInterval.zeroTo(99));
 * }</pre>
 */
public final class Subset<T> implements Dataset<T> {
  private final Dataset<T> dataset;
  private final IntList indices;

  /** A subset of {@code dataset}; every index must be valid for it. */
  public Subset(Dataset<T> dataset, IntList indices) {
    int n = dataset.size();
    indices.forEachWithIndex((idx, pos) -> {
      if (idx < 0 || idx >= n) {
        throw new IndexOutOfBoundsException("Subset: index " + idx + " at position " + pos
            + " is out of range for a dataset of " + n + " samples");
      }
    });
    this.dataset = dataset;
    this.indices = indices.toImmutable();
  }

  /** The underlying dataset. */
  public Dataset<T> dataset() { return dataset; }

  /** The indices into the underlying dataset. */
  public IntList indices() { return indices; }

  @Override
  public T get(int index) { return dataset.get(indices.get(Dataset.checkIndex(index, size(), "Subset"))); }

  @Override
  public int size() { return indices.size(); }
}
