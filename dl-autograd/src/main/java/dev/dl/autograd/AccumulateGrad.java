package dev.dl.autograd;

import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.spi.GradAccess;

/**
 * The node of a leaf that requires grad: adds incoming gradients to the leaf's {@code grad}. One
 * per leaf, kept in the tensor's grad-meta slot so hooks and every use of the leaf share it.
 */
final class AccumulateGrad extends Node {
  private static final Node[] NONE = new Node[0];
  private static final Tensor[] NO_INPUTS = new Tensor[0];

  final Tensor variable;

  private AccumulateGrad(Tensor variable) {
    // Leaves run as soon as they are ready, like PyTorch's AccumulateGrad (highest sequence number).
    super(Long.MAX_VALUE, NONE, NO_INPUTS, false);
    this.variable = variable;
  }

  /** The leaf's node, created on first use. */
  static AccumulateGrad of(Tensor leaf) {
    if (GradAccess.gradMeta(leaf) instanceof AccumulateGrad a && a.variable == leaf) return a;
    // Threads recording on one leaf at once must agree on a single node (and so on one lock).
    synchronized (AccumulateGrad.class) {
      if (GradAccess.gradMeta(leaf) instanceof AccumulateGrad a && a.variable == leaf) return a;
      AccumulateGrad a = new AccumulateGrad(leaf);
      GradAccess.setGradMeta(leaf, a);
      return a;
    }
  }

  @Override
  public String name() { return "AccumulateGrad"; }

  @Override
  Tensor[] apply(Tensor grad) { return apply(grad, false); }

  /**
   * Accumulates {@code grad}; {@code owned} says the engine holds the only reference to it (a
   * gradient a derivative rule has just computed), so that a first gradient can become the leaf's
   * {@code grad} without a copy, as PyTorch's AccumulateGrad steals a gradient nobody else uses.
   */
  Tensor[] apply(Tensor grad, boolean owned) {
    // Backward passes of separate graphs may run on several threads and meet at a shared leaf.
    synchronized (this) {
      if (owned && variable.grad() == null && !GradMode.isEnabled() && !grad.requiresGrad() && ownsDenseStorage(grad)) {
        GradAccess.setGrad(variable, grad);
      } else {
        accumulate(variable, grad);
      }
    }
    return NONE_GRADS;
  }

  /** Contiguous from the start of a storage of exactly its size: what a fresh clone would give. */
  private static boolean ownsDenseStorage(Tensor g) {
    return g.storageOffset() == 0 && g.isContiguous() && g.operand().storage().length() == g.numel();
  }

  private static final Tensor[] NONE_GRADS = new Tensor[0];

  /**
   * Adds {@code grad} to {@code t.grad()}. The first gradient is copied, because the incoming
   * tensor may be shared (an add passes one gradient to both inputs) or a broadcast view, and
   * users modify {@code grad} in place (clipping, zeroing). Later ones are added in place, or out
   * of place while recording a higher-order graph.
   */
  static void accumulate(Tensor t, Tensor grad) {
    Tensor old = t.grad();
    if (GradMode.isEnabled()) {
      GradAccess.setGrad(t, old == null ? grad.clone() : old.add(grad));
    } else if (old == null) {
      GradAccess.setGrad(t, grad.clone());
    } else if (old.requiresGrad()) {
      // The old gradient belongs to a recorded graph (createGraph earlier): keep that graph intact.
      GradAccess.setGrad(t, old.add(grad));
    } else {
      old.add_(grad);
    }
  }
}
