package dev.dl.data;

import dev.dl.Tensor;
import java.util.Objects;

/**
 * One input with its label, the sample type of the built-in readers. The default collate turns a
 * list of examples into one {@code Example} whose tensors have a leading batch dimension.
 *
 * <pre>{@code
 * for (Example batch : loader) { Tensor loss = lossFn.apply(model.forward(batch.input()), batch.label()); }
 * }</pre>
 */
public record Example(Tensor input, Tensor label) {
  public Example {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(label, "label");
  }

  /** An example with an int64 scalar class label. */
  public static Example of(Tensor input, long label) { return new Example(input, Tensor.scalar(label)); }
}
