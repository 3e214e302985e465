package dev.dl.nn;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.Objects;

/**
 * A learnable tensor owned by a {@link Module}: a holder of a leaf tensor that requires grad.
 *
 * <pre>{@code
 * Parameter w = new Parameter(Tensor.randn(3, 4));
 * Tensor y = x.matmul(w.tensor().t());
 * }</pre>
 *
 * <p>{@link Tensor} is final, so a parameter is not a tensor itself but the stable handle that
 * modules and optimizers share. Moving a module ({@link Module#to(Device)}) or loading a state
 * dict swaps the tensor inside; an optimizer built before keeps working because it holds the
 * handle. Optimizers update {@link #tensor()} in place under {@link GradMode#noGrad()}.
 */
public final class Parameter {
  private Tensor tensor;

  /** Wraps {@code data} (detached, so it becomes a leaf) and makes it require grad. */
  public Parameter(Tensor data) { this(data, true); }

  /** Wraps {@code data} (detached) with the given {@code requiresGrad}; integer tensors never require grad. */
  public Parameter(Tensor data, boolean requiresGrad) {
    Objects.requireNonNull(data, "Parameter data");
    this.tensor = data.detach();
    if (requiresGrad && data.dtype().isFloatingPoint()) tensor.requiresGrad_(true);
  }

  /** The leaf tensor to use in forward computations. */
  public Tensor tensor() { return tensor; }

  /** The accumulated gradient, or null. */
  public Tensor grad() { return tensor.grad(); }

  /** Replaces the gradient (null clears it). */
  public void setGrad(Tensor grad) { tensor.setGrad(grad); }

  /** Whether gradients are computed for this parameter. */
  public boolean requiresGrad() { return tensor.requiresGrad(); }

  /** Freezes ({@code false}) or unfreezes this parameter; returns this. */
  public Parameter requiresGrad_(boolean requires) {
    tensor.requiresGrad_(requires);
    return this;
  }

  /** The shape. */
  public Shape shape() { return tensor.shape(); }

  /** The dtype. */
  public DType dtype() { return tensor.dtype(); }

  /** The device. */
  public Device device() { return tensor.device(); }

  /** Number of elements. */
  public int numel() { return tensor.numel(); }

  /**
   * Copies {@code values} into this parameter in place without recording (as
   * {@code with torch.no_grad(): p.copy_(values)}); shapes must match exactly.
   */
  public void copyFrom(Tensor values) {
    if (!values.shape().equals(tensor.shape())) {
      throw new IllegalArgumentException("Parameter.copyFrom: shape " + values.shape() + " does not match the parameter's "
          + tensor.shape());
    }
    try (var scope = GradMode.noGrad()) {
      tensor.copy_(values);
    }
  }

  /**
   * Replaces the tensor (keeping requiresGrad and the gradient converted alike); used by
   * {@link Module#to(Device)} and {@link Module#to(DType)}.
   */
  void replace(Tensor newData) {
    boolean requires = tensor.requiresGrad();
    Tensor grad = tensor.grad();
    Tensor t = newData.detach();
    if (requires) t.requiresGrad_(true);
    if (grad != null) t.setGrad(grad.to(t.device()).to(t.dtype()));
    this.tensor = t;
  }

  /** Prints like PyTorch: {@code Parameter containing: tensor(...)}. */
  @Override
  public String toString() { return "Parameter containing:\n" + tensor; }
}
