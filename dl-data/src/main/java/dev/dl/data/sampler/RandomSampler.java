package dev.dl.data.sampler;

import dev.dl.Generator;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Random indices: a permutation (repeated and cut to {@code numSamples} when asked for more), or
 * with replacement {@code numSamples} uniform draws, as PyTorch's {@code RandomSampler}.
 *
 * <pre>{@code
 * Sampler s = new RandomSampler(60000, false, null, new Generator(42));
 * }</pre>
 *
 * <p>Without a generator, each epoch seeds a fresh one from {@link Generator#defaultGenerator()}.
 */
public final class RandomSampler implements Sampler {
  private final int dataSize;
  private final boolean replacement;
  private final int numSamples;
  private final Generator generator;

  /** A random permutation of {@code dataSize} indices per epoch. */
  public RandomSampler(int dataSize, Generator generator) { this(dataSize, false, null, generator); }

  /**
   * @param numSamples how many indices per epoch; null means {@code dataSize}
   * @param generator the source of randomness; null draws a seed from the default generator each epoch
   */
  public RandomSampler(int dataSize, boolean replacement, Integer numSamples, Generator generator) {
    if (dataSize < 0) throw new IllegalArgumentException("RandomSampler: dataset size must be >= 0, got " + dataSize);
    int n = numSamples == null ? dataSize : numSamples;
    if (n <= 0) {
      throw new IllegalArgumentException("RandomSampler: numSamples should be a positive integer value, but got numSamples="
          + n);
    }
    if (replacement && dataSize == 0) throw new IllegalArgumentException("RandomSampler: cannot draw with replacement from an empty dataset");
    this.dataSize = dataSize;
    this.replacement = replacement;
    this.numSamples = n;
    this.generator = generator;
  }

  @Override
  public IntList indices() {
    Generator g = epochGenerator(generator);
    MutableIntList out = new IntArrayList(numSamples);
    if (replacement) {
      for (int i = 0; i < numSamples; i++) out.add(g.nextInt(dataSize));
      return out;
    }
    while (out.size() < numSamples) {
      int[] perm = randperm(dataSize, g).toArray();
      out.addAll(java.util.Arrays.copyOf(perm, Math.min(dataSize, numSamples - out.size())));
    }
    return out;
  }

  @Override
  public int size() { return numSamples; }

  /** A uniformly random permutation of {@code [0, n)} (Fisher-Yates driven by {@code generator}). */
  public static MutableIntList randperm(int n, Generator generator) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = generator.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return IntArrayList.newListWith(a);
  }

  /** The given generator, or (as PyTorch) a fresh one seeded from the default generator. */
  static Generator epochGenerator(Generator given) {
    return given != null ? given : new Generator(Generator.defaultGenerator().nextLong());
  }
}
