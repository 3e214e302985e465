package dev.dl.autograd;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.spi.GradAccess;
import dev.dl.spi.GradNode;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One node of the backward graph: it receives the gradient of the single tensor it produced and
 * returns one gradient per input edge. Leaves are {@link AccumulateGrad} nodes.
 */
abstract class Node implements GradNode {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final AtomicLong LIVE = new AtomicLong();
  /**
   * Counting live nodes costs a Cleaner registration per node (a phantom reference the collector
   * must process, and a cleaner-thread hand-off), about as much as recording itself, so it starts
   * with the first {@link #liveCount()} call, which is how the count is used: read once before a
   * loop, then watched.
   */
  private static volatile boolean counting;

  /** Later nodes run first among those ready, as in PyTorch. */
  final long sequenceNr;
  /** The node each input's gradient flows to; null where the input needs no gradient. */
  final Node[] next;
  /** Metadata of each input, so gradients can be checked and reshaped after saved tensors are freed. */
  final int[][] inputShapes;
  final DType[] inputDtypes;
  final Device[] inputDevices;
  /** Where the forward op was created; only captured in anomaly mode. */
  final String creationTrace;

  private List<UnaryOperator<Tensor>> hooks;
  /** The non-leaf tensor that asked for retainGrad(), or null. */
  Tensor retained;
  private final Release release;

  Node(Node[] next, Tensor[] inputs, boolean counted) {
    this(SEQUENCE.incrementAndGet(), next, inputs, counted);
  }

  Node(long sequenceNr, Node[] next, Tensor[] inputs, boolean counted) {
    this.sequenceNr = sequenceNr;
    this.next = next;
    int n = inputs.length;
    inputShapes = new int[n][];
    inputDtypes = new DType[n];
    inputDevices = new Device[n];
    for (int i = 0; i < n; i++) {
      if (inputs[i] == null) continue;
      // Shared, not copied: a tensor's sizes never change, and gradients are only checked against them.
      inputShapes[i] = GradAccess.sizes(inputs[i]);
      inputDtypes[i] = inputs[i].dtype();
      inputDevices[i] = inputs[i].device();
    }
    creationTrace = Anomaly.isEnabled() ? Anomaly.captureTrace() : null;
    if (counted && counting) {
      // The counter drops when backward frees the node or, for graphs never run, when the GC
      // reclaims it; the cleaning action must not reference the node itself.
      Release r = new Release();
      LIVE.incrementAndGet();
      r.cleanable = Counting.CLEANER.register(this, r);
      release = r;
    } else {
      release = null;
    }
  }

  /** Gradients for each input edge (null entries where none flows); grad is this node's output gradient. */
  abstract Tensor[] apply(Tensor grad);

  /** Frees saved tensors after a backward that does not retain the graph. */
  void release() {
    if (release != null) release.cleanable.clean();
  }

  /**
   * Number of nodes recorded since the first call of this method that are not yet freed by
   * backward or reclaimed by the GC.
   */
  static long liveCount() {
    counting = true;
    return LIVE.get();
  }

  /** Holds the cleaner thread, started only once counting is on. */
  private static final class Counting {
    static final Cleaner CLEANER = Cleaner.create();
  }

  Runnable addHook(UnaryOperator<Tensor> hook) {
    if (hooks == null) hooks = new ArrayList<>(1);
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  /** True when a hook may see (and keep) this node's output gradient. */
  boolean hasHooks() { return hooks != null && !hooks.isEmpty(); }

  /** Runs the tensor hooks on this node's output gradient in registration order. */
  Tensor runHooks(Tensor grad) {
    if (hooks == null) return grad;
    for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
      Tensor replaced = hook.apply(grad);
      if (replaced != null) grad = replaced;
    }
    return grad;
  }

  @Override
  public String toString() { return name(); }

  private static final class Release implements Runnable {
    final AtomicBoolean done = new AtomicBoolean();
    Cleaner.Cleanable cleanable;

    @Override
    public void run() {
      if (done.compareAndSet(false, true)) LIVE.decrementAndGet();
    }
  }
}
