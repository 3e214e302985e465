package dev.dl.autograd;

import dev.dl.Tensor;
import dev.dl.spi.GradAccess;
import dev.dl.spi.GradRecorder;
import dev.dl.spi.Op;
import dev.dl.spi.OpCall;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@link GradRecorder} dl-api finds with {@link java.util.ServiceLoader}: records ops as
 * backward nodes and runs backward. Users do not call it; they use {@code Tensor.backward()} and
 * {@link Autograd}.
 */
public final class GradRecorderProvider implements GradRecorder {
  /** Called by {@link java.util.ServiceLoader}. */
  public GradRecorderProvider() {}

  @Override
  public void record(OpCall call) {
    Op op = call.op();
    Derivatives.Rule rule = Derivatives.rule(op);
    if (rule == null) return;
    Tensor[] inputs = call.inputs();
    Node[] next = new Node[inputs.length];
    boolean any = false;
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      if (t != null && t.requiresGrad()) {
        next[i] = Engine.nodeOf(t);
        any = true;
      }
    }
    if (!any) return;
    Tensor out = call.output();
    String name = Derivatives.nodeName(op, inputs, out, call.args());
    OpNode node = new OpNode(op, name, rule, inputs, out, call.args(), call.geometry(), next);
    GradAccess.setRequiresGrad(out, true);
    GradAccess.setGradFn(out, node);
  }

  @Override
  public void backward(List<Tensor> roots, List<Tensor> gradients, boolean retainGraph, boolean createGraph) {
    Engine.backward(roots, gradients, retainGraph, createGraph);
  }

  @Override
  public void retainGrad(Tensor tensor) {
    if (tensor.gradFn() instanceof Node n) n.retained = tensor;
  }

  @Override
  public Runnable registerHook(Tensor tensor, UnaryOperator<Tensor> hook) {
    return Engine.nodeOf(tensor).addHook(hook);
  }
}
