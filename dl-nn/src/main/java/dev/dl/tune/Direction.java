package dev.dl.tune;

/** Whether a study looks for the smallest or the largest objective value. */
public enum Direction {
  /** Smaller is better (losses, errors). */
  MINIMIZE,
  /** Larger is better (accuracies). */
  MAXIMIZE;

  /** True when {@code a} is strictly better than {@code b} in this direction. */
  public boolean better(double a, double b) { return this == MINIMIZE ? a < b : a > b; }
}
