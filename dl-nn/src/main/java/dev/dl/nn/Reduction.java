package dev.dl.nn;

import java.util.Locale;

/** How a loss reduces its per-element values: PyTorch's {@code reduction} argument. */
public enum Reduction {
  /** Per-element losses, no reduction. */
  NONE,
  /** The mean (weighted losses divide by the total weight, as PyTorch). */
  MEAN,
  /** The sum. */
  SUM,
  /** Sum divided by the batch size; only {@link KLDivLoss} accepts it (the mathematically correct KL). */
  BATCHMEAN;

  /** Parses PyTorch's spelling: {@code "none"}, {@code "mean"}, {@code "sum"}, {@code "batchmean"}. */
  public static Reduction of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "mean", "elementwise_mean" -> MEAN;
      case "sum" -> SUM;
      case "batchmean" -> BATCHMEAN;
      default -> throw new IllegalArgumentException(name + " is not a valid value for reduction; use none, mean or sum");
    };
  }

  /** PyTorch's spelling, for reprs. */
  @Override
  public String toString() { return name().toLowerCase(Locale.ROOT); }
}
