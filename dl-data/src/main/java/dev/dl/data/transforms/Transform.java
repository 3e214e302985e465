package dev.dl.data.transforms;

/**
 * One preprocessing step applied to a sample when a dataset loads it.
 *
 * <pre>{@code
 * Transform<Tensor, Tensor> t = new RandomHorizontalFlip(0.5).andThen(new Normalize(new double[] {0.5}, new double[] {0.5}));
 * Tensor out = t.apply(image);
 * }</pre>
 */
@FunctionalInterface
public interface Transform<I, O> extends java.util.function.Function<I, O> {
  /** Transforms one input. */
  @Override
  O apply(I input);

  /** This step followed by {@code next}. */
  default <R> Transform<I, R> andThen(Transform<? super O, ? extends R> next) { return x -> next.apply(apply(x)); }
}
