package dev.dl.data.sampler;

import dev.dl.Generator;
import java.util.Arrays;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Draws index {@code i} with probability proportional to {@code weights[i]}, as PyTorch's
 * {@code WeightedRandomSampler}; useful to rebalance classes.
 *
 * <pre>{@code
 * // rare class (index 2) drawn as often as the others
 * Sampler s = new WeightedRandomSampler(new double[] {0.1, 0.1, 0.8}, 100, true, new Generator(3));
 * }</pre>
 */
public final class WeightedRandomSampler implements Sampler {
  private final double[] cumulative;
  private final double[] weights;
  private final int numSamples;
  private final boolean replacement;
  private final Generator generator;

  /**
   * @param weights non-negative, finite, not all zero (need not sum to 1)
   * @param numSamples indices per epoch; without replacement at most the number of nonzero weights
   * @param generator null seeds one from the default generator each epoch
   */
  public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, Generator generator) {
    if (numSamples <= 0) {
      throw new IllegalArgumentException("WeightedRandomSampler: numSamples should be a positive integer value, but got "
          + numSamples);
    }
    double[] cum = new double[weights.length];
    double total = 0;
    int nonzero = 0;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("WeightedRandomSampler: weights must be finite and >= 0, but weights[" + i
            + "] = " + w);
      }
      if (w > 0) nonzero++;
      total += w;
      cum[i] = total;
    }
    if (total <= 0) throw new IllegalArgumentException("WeightedRandomSampler: weights must not all be zero");
    if (!replacement && numSamples > nonzero) {
      throw new IllegalArgumentException("WeightedRandomSampler: cannot draw " + numSamples + " samples without "
          + "replacement when only " + nonzero + " weights are nonzero");
    }
    this.weights = weights.clone();
    this.cumulative = cum;
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.generator = generator;
  }

  @Override
  public IntList indices() {
    Generator g = RandomSampler.epochGenerator(generator);
    MutableIntList out = new IntArrayList(numSamples);
    if (replacement) {
      double total = cumulative[cumulative.length - 1];
      for (int k = 0; k < numSamples; k++) {
        double u = g.nextDouble() * total;
        int i = Arrays.binarySearch(cumulative, u);
        i = i < 0 ? -i - 1 : i + 1;   // first bucket whose running total exceeds u
        while (i < cumulative.length - 1 && weights[i] == 0) i++;
        out.add(Math.min(i, cumulative.length - 1));
      }
      return out;
    }
    // Without replacement: Efraimidis-Spirakis keys u^(1/w); the largest keys form a weighted
    // sample in draw order, which is what torch.multinomial(replacement=False) returns.
    Integer[] order = new Integer[weights.length];
    double[] keys = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      order[i] = i;
      double u = g.nextDouble();
      keys[i] = weights[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(u) / weights[i];
    }
    Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
    for (int k = 0; k < numSamples; k++) out.add(order[k]);
    return out;
  }

  @Override
  public int size() { return numSamples; }
}
