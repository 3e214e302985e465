package dev.dl.spi;

import dev.dl.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The autograd engine, as dl-api calls it. dl-autograd provides one implementation through
 * {@link java.util.ServiceLoader}; without it tensors work for inference only.
 */
public interface GradRecorder {
  /**
   * Records a differentiable op whose inputs include one that requires grad while grad mode is
   * on: gives {@code call.output()} a grad node and marks it as requiring grad.
   */
  void record(OpCall call);

  /**
   * Runs backward from {@code roots} with the given output gradients (same length, none null),
   * accumulating into leaves' {@code grad}.
   */
  void backward(List<Tensor> roots, List<Tensor> gradients, boolean retainGraph, boolean createGraph);

  /** Makes a non-leaf tensor keep its {@code grad} after backward. */
  void retainGrad(Tensor tensor);

  /**
   * Registers a hook run on the gradient of {@code tensor} when it is computed; the hook may return
   * a replacement gradient or null to keep it. Returns an action that removes the hook.
   */
  Runnable registerHook(Tensor tensor, UnaryOperator<Tensor> hook);
}
