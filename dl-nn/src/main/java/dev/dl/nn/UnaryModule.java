package dev.dl.nn;

import dev.dl.Tensor;
import java.util.function.UnaryOperator;

/**
 * A module with one tensor in and one tensor out, callable as a function: {@code layer.apply(x)}
 * runs {@link #forward(Tensor)}, so layers compose with {@code andThen} and stream {@code map}.
 *
 * <pre>{@code
 * UnaryModule layer = new Linear(4, 2);
 * Tensor y = layer.apply(Tensor.randn(8, 4));   // same as layer.forward(x)
 * }</pre>
 */
public abstract class UnaryModule extends Module implements UnaryOperator<Tensor> {
  /** The computation; subclasses implement it. */
  public abstract Tensor forward(Tensor input);

  /** Runs {@link #forward(Tensor)}, like calling a module in PyTorch. */
  @Override
  public final Tensor apply(Tensor input) { return forward(input); }
}
