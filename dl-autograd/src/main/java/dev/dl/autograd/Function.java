package dev.dl.autograd;

import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.spi.GradAccess;

/**
 * An op with a hand-written backward, like {@code torch.autograd.Function}. Forward runs without
 * recording; its output gets a node that calls {@link #backward}. Gradients from backward are
 * checked against the inputs' shapes; when backward uses tensor ops, double backward works too.
 *
 * <pre>{@code
 * class Cube extends Function {
 *   protected Tensor forward(FunctionContext ctx, Tensor... in) { ctx.saveForBackward(in[0]); return in[0].pow(3); }
 *   protected Tensor[] backward(FunctionContext ctx, Tensor g) { Tensor x = ctx.savedTensors().get(0); return new Tensor[] {g.mul(x.square()).mul(3)}; }
 * }
 * Tensor y = new Cube().apply(x);
 * }</pre>
 */
public abstract class Function {
  /** For subclasses. */
  protected Function() {}

  /** Computes the output from the inputs; grad mode is off here. */
  protected abstract Tensor forward(FunctionContext ctx, Tensor... inputs);

  /**
   * The gradient of each input given the output's gradient (null for inputs that need none;
   * see {@link FunctionContext#needsInputGrad}); the array has one entry per forward input.
   */
  protected abstract Tensor[] backward(FunctionContext ctx, Tensor gradOutput);

  /** The node name shown as {@code grad_fn}: the class name followed by {@code Backward}. */
  protected String name() {
    String simple = getClass().getSimpleName();
    return (simple.isEmpty() ? "Function" : simple) + "Backward";
  }

  /** Runs forward and, when grad mode is on and an input requires grad, records this function. */
  public final Tensor apply(Tensor... inputs) {
    boolean[] needs = new boolean[inputs.length];
    boolean any = false;
    if (GradMode.isEnabled()) {
      for (int i = 0; i < inputs.length; i++) {
        needs[i] = inputs[i] != null && inputs[i].requiresGrad();
        any |= needs[i];
      }
    }
    FunctionContext ctx = new FunctionContext(needs);
    ctx.nodeName = name();
    Tensor out;
    try (var _ = GradMode.noGrad()) {
      out = forward(ctx, inputs);
    }
    if (out == null) throw new IllegalStateException(getClass().getName() + ".forward returned null");
    if (!any) return out;
    if (!out.dtype().isFloatingPoint()) return out;
    // An input returned as is (or anything already in a graph) gets a fresh alias, so the
    // input keeps its own node.
    if (out.requiresGrad() || out.gradFn() != null) out = out.detach();
    for (Tensor in : inputs) if (in == out) out = out.detach();
    Node[] next = new Node[inputs.length];
    for (int i = 0; i < inputs.length; i++) if (needs[i]) next[i] = Engine.nodeOf(inputs[i]);
    FunctionNode node = new FunctionNode(this, ctx, inputs, next);
    GradAccess.setRequiresGrad(out, true);
    GradAccess.setGradFn(out, node);
    return out;
  }

  /** The graph node of one application. */
  static final class FunctionNode extends Node {
    private final Function function;
    private final FunctionContext ctx;

    FunctionNode(Function function, FunctionContext ctx, Tensor[] inputs, Node[] next) {
      super(next, inputs, true);
      this.function = function;
      this.ctx = ctx;
    }

    @Override
    public String name() { return ctx.nodeName; }

    @Override
    Tensor[] apply(Tensor grad) {
      Tensor[] out = function.backward(ctx, grad);
      if (out == null) throw new IllegalStateException("function " + name() + " returned null from backward");
      return out.clone();
    }

    @Override
    void release() {
      ctx.free();
      super.release();
    }
  }
}
