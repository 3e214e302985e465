package dev.dl.data.transforms;

import java.util.List;

/**
 * Several transforms applied in order, as torchvision's {@code Compose}.
 *
 * <pre>{@code
 * Transform<BufferedImage, Tensor> t = Compose.of(new ToTensor(), new Normalize(new double[] {0.1307}, new double[] {0.3081}));
 * }</pre>
 */
public final class Compose<I, O> implements Transform<I, O> {
  private final List<Transform<?, ?>> steps;

  private Compose(List<Transform<?, ?>> steps) { this.steps = List.copyOf(steps); }

  /** The steps in order; each step's output type must be the next step's input type. */
  public static <I, O> Compose<I, O> of(Transform<?, ?>... steps) {
    if (steps.length == 0) throw new IllegalArgumentException("Compose: give at least one transform");
    return new Compose<>(List.of(steps));
  }

  /** The steps. */
  public List<Transform<?, ?>> steps() { return steps; }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public O apply(I input) {
    Object x = input;
    for (Transform step : steps) x = step.apply(x);
    return (O) x;
  }
}
