package dev.dl.tune;

/**
 * Chooses the next value of one parameter, given what the study has seen so far.
 *
 * <pre>{@code
 * Study study = new Study(Direction.MAXIMIZE, new TpeSampler(42), new MedianPruner());
 * }</pre>
 */
public interface Sampler {
  /** An internal value (see {@link Distribution}) for parameter {@code name} of {@code trial}. */
  double sample(Study study, Trial trial, String name, Distribution distribution);
}
