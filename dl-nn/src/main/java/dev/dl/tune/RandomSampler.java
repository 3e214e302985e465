package dev.dl.tune;

import java.util.SplittableRandom;

/**
 * Draws every parameter independently and uniformly (log-uniformly for log ranges); seeded, so a
 * study is repeatable.
 *
 * <pre>{@code
 * new Study(Direction.MINIMIZE, new RandomSampler(7), Pruner.NONE);
 * }</pre>
 */
public final class RandomSampler implements Sampler {
  private final SplittableRandom random;

  /** A sampler whose draws depend only on {@code seed} and the order of suggestions. */
  public RandomSampler(long seed) { this.random = new SplittableRandom(seed); }

  @Override
  public double sample(Study study, Trial trial, String name, Distribution distribution) {
    return draw(distribution, random);
  }

  static double draw(Distribution distribution, SplittableRandom random) {
    if (distribution instanceof Distribution.Categorical c) return random.nextInt(c.choices().size());
    double[] b = Distribution.internalBounds(distribution);
    return b[0] + (b[1] - b[0]) * random.nextDouble();
  }
}
