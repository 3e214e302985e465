package dev.dl.data;

import dev.dl.Generator;
import dev.dl.data.sampler.RandomSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Helpers over datasets, such as PyTorch's {@code random_split}.
 *
 * <pre>{@code
 * List<Subset<Example>> parts = Datasets.randomSplit(all, new double[] {0.8, 0.2}, new Generator(42));
 * }</pre>
 */
public final class Datasets {
  private Datasets() {}

  /** Splits {@code dataset} at random into non-overlapping subsets of the given sizes, which must sum to its size. */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
    long sum = 0;
    for (int len : lengths) {
      if (len < 0) throw new IllegalArgumentException("randomSplit: lengths must be >= 0, got " + Arrays.toString(lengths));
      sum += len;
    }
    if (sum != dataset.size()) {
      throw new IllegalArgumentException("randomSplit: sum of input lengths " + Arrays.toString(lengths) + " = " + sum
          + " does not equal the length of the input dataset (" + dataset.size() + ")");
    }
    int[] all = RandomSampler.randperm(dataset.size(), generator).toArray();
    List<Subset<T>> parts = new ArrayList<>(lengths.length);
    int offset = 0;
    for (int len : lengths) {
      parts.add(new Subset<>(dataset, IntArrayList.newListWith(Arrays.copyOfRange(all, offset, offset + len))));
      offset += len;
    }
    return parts;
  }

  /**
   * Splits by fractions that sum to 1: each part gets {@code floor(n * fraction)} samples and the
   * remainder is dealt out one by one from the first part, as PyTorch does.
   */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
    double sum = 0;
    for (double f : fractions) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("randomSplit: fractions must be in [0, 1], got " + Arrays.toString(fractions));
      }
      sum += f;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("randomSplit: fractions " + Arrays.toString(fractions) + " sum to " + sum
          + ", not 1; pass lengths (int[]) for an uneven split");
    }
    int n = dataset.size();
    int[] lengths = new int[fractions.length];
    int assigned = 0;
    for (int i = 0; i < fractions.length; i++) {
      lengths[i] = (int) Math.floor(n * fractions[i]);
      assigned += lengths[i];
    }
    for (int i = 0; i < n - assigned; i++) lengths[i % lengths.length]++;
    return randomSplit(dataset, lengths, generator);
  }
}
