package dev.dl.data.tabular;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.sampler.RandomSampler;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.factory.primitive.IntLists;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Random train/test index splits, as scikit-learn's {@code train_test_split}: the test part has
 * {@code ceil(testSize * n)} samples; with labels to stratify on, every class keeps its proportion
 * in both parts.
 *
 * <pre>{@code
 * TrainTestSplit.Split s = TrainTestSplit.split(x.size(0), 0.2, 42, labels);
 * Tensor xTrain = TrainTestSplit.take(x, s.train());
 * }</pre>
 */
public final class TrainTestSplit {
  private TrainTestSplit() {}

  /** Train and test indices, each in random order. */
  public record Split(IntList train, IntList test) {}

  /**
   * Splits {@code [0, n)}; {@code stratify} is null or an integer tensor of n class labels.
   * @param testSize fraction in (0, 1)
   */
  public static Split split(int n, double testSize, long seed, Tensor stratify) {
    if (!(testSize > 0 && testSize < 1)) throw new IllegalArgumentException("trainTestSplit: testSize must be in (0, 1), got " + testSize);
    int nTest = (int) Math.ceil(testSize * n);
    int nTrain = n - nTest;
    if (nTrain <= 0 || nTest <= 0) {
      throw new IllegalArgumentException("trainTestSplit: with n_samples=" + n + " and testSize=" + testSize
          + " one of the parts would be empty; adjust testSize");
    }
    Generator g = new Generator(seed);
    if (stratify == null) {
      int[] perm = RandomSampler.randperm(n, g).toArray();
      return new Split(IntLists.immutable.of(Arrays.copyOf(perm, nTrain)), IntLists.immutable.of(Arrays.copyOfRange(perm, nTrain, n)));
    }
    long[] labels = stratify.toLongArray();
    if (labels.length != n) {
      throw new IllegalArgumentException("trainTestSplit: stratify has " + labels.length + " labels for " + n + " samples");
    }
    Map<Long, MutableIntList> byClass = new TreeMap<>();
    for (int i = 0; i < n; i++) byClass.computeIfAbsent(labels[i], k -> new IntArrayList()).add(i);
    for (Map.Entry<Long, MutableIntList> e : byClass.entrySet()) {
      if (e.getValue().size() < 2) {
        throw new IllegalArgumentException("trainTestSplit: the least populated class in y (label " + e.getKey()
            + ") has only 1 member, which is too few to stratify; the minimum number of groups for any class cannot be less than 2");
      }
    }
    // Largest-remainder allocation of the test size over the classes, then a random pick in each.
    int classes = byClass.size();
    long[] keys = new long[classes];
    int[] quota = new int[classes];
    double[] remainder = new double[classes];
    int c = 0;
    int assigned = 0;
    for (Map.Entry<Long, MutableIntList> e : byClass.entrySet()) {
      double exact = (double) nTest * e.getValue().size() / n;
      keys[c] = e.getKey();
      quota[c] = (int) Math.floor(exact);
      remainder[c] = exact - quota[c];
      assigned += quota[c];
      c++;
    }
    while (assigned < nTest) {
      int best = 0;
      for (int k = 1; k < classes; k++) if (remainder[k] > remainder[best]) best = k;
      quota[best]++;
      remainder[best] = -1;
      assigned++;
    }
    MutableIntList train = new IntArrayList(nTrain);
    MutableIntList test = new IntArrayList(nTest);
    for (int k = 0; k < classes; k++) {
      MutableIntList members = byClass.get(keys[k]);
      IntList perm = RandomSampler.randperm(members.size(), g);
      for (int i = 0; i < members.size(); i++) (i < quota[k] ? test : train).add(members.get(perm.get(i)));
    }
    return new Split(shuffled(train, g), shuffled(test, g));
  }

  private static IntList shuffled(IntList xs, Generator g) {
    IntList perm = RandomSampler.randperm(xs.size(), g);
    MutableIntList out = new IntArrayList(xs.size());
    perm.forEach(p -> out.add(xs.get(p)));
    return out.toImmutable();
  }

  /** The rows of {@code x} at {@code indices} (a copy). */
  public static Tensor take(Tensor x, IntList indices) {
    long[] idx = new long[indices.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = indices.get(i);
    return x.indexSelect(0, Tensor.of(idx, idx.length));
  }
}
