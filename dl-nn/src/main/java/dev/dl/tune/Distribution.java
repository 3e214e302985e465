package dev.dl.tune;

import java.util.List;

/**
 * The range a parameter is drawn from. Samplers work on an internal double: the value itself for
 * numbers (its logarithm when {@code log}) and the choice's index for categoricals.
 */
public sealed interface Distribution {
  /** The external value (Integer, Double or the choice) for an internal double. */
  Object toExternal(double internal);

  /** The internal double for an external value. */
  double toInternal(Object external);

  /** Integers in [low, high] (both included), optionally log-uniform. */
  record IntRange(int low, int high, boolean log) implements Distribution {
    /** Checks the bounds. */
    public IntRange {
      if (low > high) throw new IllegalArgumentException("suggestInt: low " + low + " > high " + high);
      if (log && low < 1) throw new IllegalArgumentException("suggestInt: a log range needs low >= 1, got " + low);
    }

    @Override
    public Object toExternal(double internal) {
      double v = log ? Math.exp(internal) : internal;
      return (int) Math.max(low, Math.min(high, Math.round(v)));
    }

    @Override
    public double toInternal(Object external) {
      double v = ((Number) external).doubleValue();
      return log ? Math.log(v) : v;
    }
  }

  /** Doubles in [low, high], optionally log-uniform. */
  record FloatRange(double low, double high, boolean log) implements Distribution {
    /** Checks the bounds. */
    public FloatRange {
      if (!(low <= high)) throw new IllegalArgumentException("suggestFloat: low " + low + " > high " + high);
      if (log && low <= 0) throw new IllegalArgumentException("suggestFloat: a log range needs low > 0, got " + low);
    }

    @Override
    public Object toExternal(double internal) {
      double v = log ? Math.exp(internal) : internal;
      return Math.max(low, Math.min(high, v));
    }

    @Override
    public double toInternal(Object external) {
      double v = ((Number) external).doubleValue();
      return log ? Math.log(v) : v;
    }
  }

  /** One of a fixed list of choices. */
  record Categorical(List<?> choices) implements Distribution {
    /** Checks that there is something to choose. */
    public Categorical {
      if (choices.isEmpty()) throw new IllegalArgumentException("suggestCategorical: no choices given");
      choices = List.copyOf(choices);
    }

    @Override
    public Object toExternal(double internal) { return choices.get((int) internal); }

    @Override
    public double toInternal(Object external) {
      int i = choices.indexOf(external);
      if (i < 0) throw new IllegalArgumentException("suggestCategorical: " + external + " is not one of " + choices);
      return i;
    }
  }
}
