package dev.dl.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate as in Optuna's default:
 * splits the finished trials into the best fraction ("below") and the rest ("above"), fits a
 * Parzen density to each parameter's values in both groups, draws candidates from the "below"
 * density and keeps the one with the largest density ratio l(x)/g(x). Random until
 * {@code startupTrials} trials have finished.
 *
 * <pre>{@code
 * Sampler tpe = new TpeSampler(42);             // 10 random start-up trials, 24 candidates
 * Sampler tpe2 = new TpeSampler(42, 5, 32);
 * }</pre>
 */
public final class TpeSampler implements Sampler {
  private final SplittableRandom random;
  private final int startupTrials;
  private final int candidates;

  /** Optuna's defaults: 10 start-up trials, 24 candidates per draw. */
  public TpeSampler(long seed) { this(seed, 10, 24); }

  /** A seeded sampler with {@code startupTrials} random trials and {@code candidates} per draw. */
  public TpeSampler(long seed, int startupTrials, int candidates) {
    if (startupTrials < 0 || candidates < 1) {
      throw new IllegalArgumentException("TpeSampler: need startupTrials >= 0 and candidates >= 1; got " + startupTrials + ", " + candidates);
    }
    this.random = new SplittableRandom(seed);
    this.startupTrials = startupTrials;
    this.candidates = candidates;
  }

  @Override
  public double sample(Study study, Trial trial, String name, Distribution distribution) {
    // Pruned trials carry information too: ranked after complete ones by how far they got and their last value.
    List<FrozenTrial> seen = new ArrayList<>();
    for (FrozenTrial t : study.trials()) {
      boolean usable = t.state() == TrialState.COMPLETE || (t.state() == TrialState.PRUNED && !t.intermediateValues().isEmpty());
      if (usable && distribution.equals(t.distributions().get(name))) seen.add(t);
    }
    if (seen.size() < Math.max(startupTrials, 2)) return RandomSampler.draw(distribution, random);
    seen.sort(ranking(study.direction()));
    int nBelow = Math.max(1, Math.min((int) Math.ceil(0.1 * seen.size()), 25));
    double[] below = values(seen.subList(0, nBelow), name, distribution);
    double[] above = values(seen.subList(nBelow, seen.size()), name, distribution);
    if (distribution instanceof Distribution.Categorical c) return sampleCategorical(c.choices().size(), below, above);
    double[] bounds = RandomSampler.internalBounds(distribution);
    Parzen l = new Parzen(below, bounds[0], bounds[1]);
    Parzen g = new Parzen(above, bounds[0], bounds[1]);
    double best = Double.NaN;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double x = l.sample(random);
      double score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    return best;
  }

  private static Comparator<FrozenTrial> ranking(Direction direction) {
    Comparator<FrozenTrial> completeFirst = Comparator.comparing(t -> t.state() != TrialState.COMPLETE);
    Comparator<FrozenTrial> furtherFirst = Comparator.comparingInt(t -> -t.lastStep());
    Comparator<FrozenTrial> byValue = Comparator.comparingDouble(t -> {
      double v = t.state() == TrialState.COMPLETE ? t.value() : t.intermediateValues().get(t.lastStep());
      return direction == Direction.MINIMIZE ? v : -v;
    });
    return completeFirst.thenComparing((a, b) -> a.state() == TrialState.COMPLETE ? 0 : furtherFirst.compare(a, b)).thenComparing(byValue);
  }

  private static double[] values(List<FrozenTrial> trials, String name, Distribution d) {
    return trials.stream().mapToDouble(t -> d.toInternal(t.params().get(name))).toArray();
  }

  private double sampleCategorical(int k, double[] below, double[] above) {
    double[] l = categoricalWeights(k, below);
    double[] g = categoricalWeights(k, above);
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double u = random.nextDouble();
      int c = 0;
      while (c < k - 1 && (u -= l[c]) > 0) c++;
      double score = Math.log(l[c]) - Math.log(g[c]);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /** Counts plus a prior of one per choice, so an unseen choice keeps a chance. */
  private static double[] categoricalWeights(int k, double[] observed) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0);
    for (double o : observed) w[(int) o] += 1;
    double total = k + observed.length;
    for (int i = 0; i < k; i++) w[i] /= total;
    return w;
  }

  /**
   * A mixture of Gaussians truncated to [low, high]: one per observation plus a wide prior at the
   * centre, with bandwidths from the distance to the neighbouring points (clipped so that no
   * kernel is narrower than range/min(100, n+1) or wider than the range).
   */
  static final class Parzen {
    private final double low;
    private final double high;
    private final double[] mu;
    private final double[] sigma;

    Parzen(double[] observations, double low, double high) {
      this.low = low;
      this.high = high;
      int n = observations.length;
      double range = high - low;
      mu = new double[n + 1];
      sigma = new double[n + 1];
      double[] sorted = observations.clone();
      java.util.Arrays.sort(sorted);
      double minSigma = range / Math.min(100, n + 1);
      for (int i = 0; i < n; i++) {
        double x = sorted[i];
        double left = i > 0 ? x - sorted[i - 1] : x - low;
        double right = i < n - 1 ? sorted[i + 1] - x : high - x;
        mu[i] = x;
        sigma[i] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
      }
      mu[n] = (low + high) / 2;
      sigma[n] = range;
    }

    double sample(SplittableRandom random) {
      int k = random.nextInt(mu.length);
      for (int attempt = 0; attempt < 100; attempt++) {
        double x = mu[k] + sigma[k] * gaussian(random);
        if (x >= low && x <= high) return x;
      }
      return Math.max(low, Math.min(high, mu[k]));
    }

    double logPdf(double x) {
      double sum = 0;
      for (int k = 0; k < mu.length; k++) {
        double mass = phi((high - mu[k]) / sigma[k]) - phi((low - mu[k]) / sigma[k]);
        double z = (x - mu[k]) / sigma[k];
        sum += Math.exp(-0.5 * z * z) / (sigma[k] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
      }
      return Math.log(sum / mu.length + 1e-300);
    }

    private static double gaussian(SplittableRandom random) {
      // Box-Muller: SplittableRandom has no nextGaussian that is seed-stable across JDKs.
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Standard normal CDF via erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double phi(double z) {
      double x = Math.abs(z) / Math.sqrt(2);
      double t = 1 / (1 + 0.3275911 * x);
      double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
          * Math.exp(-x * x);
      return 0.5 * (1 + (z >= 0 ? erf : -erf));
    }
  }
}
