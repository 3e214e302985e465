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
    double[] b = internalBounds(distribution);
    return b[0] + (b[1] - b[0]) * random.nextDouble();
  }

  /** The internal range a sampler draws from: [low, high], logged when log; ints widened by half a step. */
  static double[] internalBounds(Distribution d) {
    return switch (d) {
      // ints widen by half a step each side so that the end values are as likely as the others
      case Distribution.IntRange r -> r.log() ? new double[] {Math.log(r.low() - 0.5), Math.log(r.high() + 0.5)}
          : new double[] {r.low() - 0.5, r.high() + 0.5};
      case Distribution.FloatRange r -> r.log() ? new double[] {Math.log(r.low()), Math.log(r.high())} : new double[] {r.low(), r.high()};
      case Distribution.Categorical c -> new double[] {0, c.choices().size()};
    };
  }
}
