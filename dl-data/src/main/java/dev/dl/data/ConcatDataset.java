package dev.dl.data;

import java.util.List;

/**
 * Several datasets one after another, as PyTorch's {@code ConcatDataset}.
 *
 * <pre>{@code
 * Dataset<Example> all = new ConcatDataset<>(List.of(train, extra));
 * }</pre>
 */
public final class ConcatDataset<T> implements Dataset<T> {
  private final List<Dataset<? extends T>> datasets;
  private final int[] cumulativeSizes;

  /** Concatenates {@code datasets} in order; there must be at least one. */
  public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
    if (datasets.isEmpty()) throw new IllegalArgumentException("ConcatDataset: datasets should not be an empty list");
    this.datasets = List.copyOf(datasets);
    this.cumulativeSizes = new int[datasets.size()];
    long total = 0;
    for (int i = 0; i < datasets.size(); i++) {
      total += datasets.get(i).size();
      if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("ConcatDataset: more than 2^31-1 samples in total");
      cumulativeSizes[i] = (int) total;
    }
  }

  /** The running totals of the part sizes, as PyTorch's {@code cumulative_sizes}. */
  public int[] cumulativeSizes() { return cumulativeSizes.clone(); }

  @Override
  public T get(int index) {
    Dataset.checkIndex(index, size(), "ConcatDataset");
    // first part whose running total exceeds index (empty parts share totals, so not Arrays.binarySearch)
    int lo = 0;
    int hi = cumulativeSizes.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulativeSizes[mid] > index) hi = mid;
      else lo = mid + 1;
    }
    int part = lo;
    int start = part == 0 ? 0 : cumulativeSizes[part - 1];
    return datasets.get(part).get(index - start);
  }

  @Override
  public int size() { return cumulativeSizes[cumulativeSizes.length - 1]; }
}
