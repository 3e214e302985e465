package dev.dl.autograd;

import dev.dl.GradMode;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The functional side of autograd, like {@code torch.autograd}: gradients without touching
 * {@code grad} fields, backward from several tensors, anomaly detection and the grad-mode scopes.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3).toDouble().requiresGrad_();
 * Tensor dx = Autograd.grad(List.of(x.pow(3).sum()), List.of(x)).get(0);   // 3 x^2
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /**
   * Gradients of {@code outputs} with respect to {@code inputs}, as {@code torch.autograd.grad}.
   *
   * @param gradOutputs one gradient per output, or null (entries may be null) for ones on scalar outputs
   * @param retainGraph keep saved tensors so the graph can be run again
   * @param createGraph record the backward pass so the result can be differentiated again
   * @param allowUnused return null for an input the outputs do not depend on instead of failing
   * @return one gradient per input (null only when unused and allowed)
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
      boolean retainGraph, boolean createGraph, boolean allowUnused) {
    List<Tensor> grads = gradOutputsOrOnes(outputs, gradOutputs);
    Tensor[] result = Engine.grad(outputs, grads, inputs, retainGraph, createGraph);
    for (int i = 0; i < result.length; i++) {
      if (result[i] == null && !allowUnused) {
        throw new IllegalArgumentException("One of the differentiated Tensors (input " + i + ", shape "
            + Arrays.toString(inputs.get(i).shape().toArray()) + ") appears to not have been used in the graph. "
            + "Set allowUnused=true if this is the desired behavior.");
      }
    }
    return Arrays.asList(result);
  }

  /** {@link #grad(List, List, List, boolean, boolean, boolean)} for scalar outputs, freeing the graph. */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs) {
    return grad(outputs, inputs, null, false, false, false);
  }

  /** Backward from several tensors at once, accumulating into leaves, as {@code torch.autograd.backward}. */
  public static void backward(List<Tensor> tensors, List<Tensor> gradTensors, boolean retainGraph, boolean createGraph) {
    Engine.backward(tensors, gradOutputsOrOnes(tensors, gradTensors), retainGraph, createGraph);
  }

  private static List<Tensor> gradOutputsOrOnes(List<Tensor> outputs, List<Tensor> given) {
    if (given != null && given.size() != outputs.size()) {
      throw new IllegalArgumentException("grad_outputs should have the same length as outputs: got " + given.size()
          + " for " + outputs.size() + " outputs");
    }
    List<Tensor> grads = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      Tensor g = given == null ? null : given.get(i);
      Tensor out = outputs.get(i);
      if (g == null && out.numel() != 1) {
        throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs, but output " + i
            + " has shape " + out.shape() + "; pass its gradient");
      }
      grads.add(g == null ? Tensor.onesLike(out) : g);
    }
    return grads;
  }

  // ---- anomaly detection ----

  /**
   * Turns anomaly detection on until the scope closes, like {@code torch.autograd.detect_anomaly()}:
   * ops remember where they were created, and backward fails naming the op and that place as soon
   * as a gradient holds NaN or infinity. Slow; for debugging.
   *
   * <pre>{@code
   * try (var _ = Autograd.detectAnomaly()) { loss.backward(); }
   * }</pre>
   */
  public static GradMode.Scope detectAnomaly() {
    boolean previous = Anomaly.isEnabled();
    Anomaly.setEnabled(true);
    return () -> Anomaly.setEnabled(previous);
  }

  /** Turns anomaly detection on or off for every thread, like {@code torch.autograd.set_detect_anomaly}. */
  public static void setDetectAnomaly(boolean enabled) { Anomaly.setEnabled(enabled); }

  /** True when anomaly detection is on. */
  public static boolean isAnomalyEnabled() { return Anomaly.isEnabled(); }

  // ---- grad mode, re-exported for convenience ----

  /** {@link GradMode#noGrad()}. */
  public static GradMode.Scope noGrad() { return GradMode.noGrad(); }

  /** {@link GradMode#enableGrad()}. */
  public static GradMode.Scope enableGrad() { return GradMode.enableGrad(); }

  /** {@link GradMode#inferenceMode()}. */
  public static GradMode.Scope inferenceMode() { return GradMode.inferenceMode(); }

  /** {@link GradMode#isEnabled()}. */
  public static boolean isGradEnabled() { return GradMode.isEnabled(); }

  // ---- debugging ----

  /**
   * Recorded graph nodes not yet freed by a backward pass nor reclaimed by the garbage collector;
   * a training loop whose count keeps growing holds on to old graphs. Counting costs a little per
   * recorded op, so it starts with the first call: call once before the code to watch.
   *
   * <pre>{@code
   * long before = Autograd.liveGraphNodes();   // starts counting
   * for (...) { model.step(); }                // afterwards liveGraphNodes() == before again
   * }</pre>
   */
  public static long liveGraphNodes() { return Node.liveCount(); }
}
