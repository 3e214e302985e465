package dev.dl.autograd;

import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.spi.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Runs backward: finds the nodes reachable from the roots, counts how many gradients each must
 * receive, then applies them in dependency order (later nodes first among the ready ones, as
 * PyTorch does), summing gradients that meet at a node. With capture targets (the functional
 * {@code grad}) only nodes on a path to a target run and leaves are not touched.
 */
final class Engine {
  private Engine() {}

  /** Node of a tensor that requires grad: its grad_fn, or its leaf accumulator. */
  static Node nodeOf(Tensor t) {
    if (t.gradFn() instanceof Node n) return n;
    if (t.gradFn() != null) {
      throw new IllegalStateException("tensor of shape " + Arrays.toString(t.shape().toArray()) + " has a grad_fn ("
          + t.gradFn().name() + ") not made by dl-autograd");
    }
    return AccumulateGrad.of(t);
  }

  /** Backward into leaves' grad. */
  static void backward(List<Tensor> roots, List<Tensor> grads, boolean retainGraph, boolean createGraph) {
    run(roots, grads, retainGraph, createGraph, null);
  }

  /**
   * The gradients of {@code roots} with respect to {@code inputs}, without touching any grad field;
   * null where an input received none.
   */
  static Tensor[] grad(List<Tensor> roots, List<Tensor> grads, List<Tensor> inputs, boolean retainGraph,
      boolean createGraph) {
    return run(roots, grads, retainGraph, createGraph, inputs);
  }

  private static Tensor[] run(List<Tensor> roots, List<Tensor> grads, boolean retainGraph, boolean createGraph,
      List<Tensor> inputs) {
    if (roots.size() != grads.size()) {
      throw new IllegalArgumentException("grad_tensors should have the same length as tensors: got " + grads.size()
          + " gradients for " + roots.size() + " tensors");
    }
    Map<Node, Tensor> buffers = new IdentityHashMap<>();
    // Nodes whose buffered gradient only the engine references (see owns()).
    Set<Node> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> rootNodes = new ArrayList<>(roots.size());
    for (int i = 0; i < roots.size(); i++) {
      Tensor root = roots.get(i);
      if (!root.requiresGrad()) {
        throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a "
            + "grad_fn (shape " + Arrays.toString(root.shape().toArray()) + "); call requiresGrad_() on the leaves "
            + "before the forward pass, outside GradMode.noGrad()");
      }
      Tensor g = checkRootGrad(i, root, grads.get(i));
      Node n = nodeOf(root);
      rootNodes.add(n);
      buffers.merge(n, g, Tensor::add);
    }

    Map<Node, Integer> targets = null;
    if (inputs != null) {
      targets = new IdentityHashMap<>();
      for (int i = 0; i < inputs.size(); i++) {
        Tensor in = inputs.get(i);
        if (!in.requiresGrad()) {
          throw new IllegalArgumentException("One of the differentiated Tensors (input " + i + ", shape "
              + Arrays.toString(in.shape().toArray()) + ") does not require grad");
        }
        targets.putIfAbsent(nodeOf(in), i);
      }
    }

    List<Node> order = postOrder(rootNodes);
    Map<Node, Boolean> needed = new IdentityHashMap<>();
    for (Node n : order) {
      boolean need = targets == null || targets.containsKey(n);
      for (Node c : n.next) if (c != null && Boolean.TRUE.equals(needed.get(c))) need = true;
      needed.put(n, need);
    }
    Map<Node, int[]> pending = new IdentityHashMap<>();
    for (Node n : order) {
      if (!needed.get(n)) continue;
      for (Node c : n.next) if (c != null && needed.get(c)) pending.computeIfAbsent(c, k -> new int[1])[0]++;
    }

    Tensor[] captured = inputs == null ? null : new Tensor[inputs.size()];
    PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingLong((Node n) -> n.sequenceNr).reversed());
    for (Node n : new java.util.LinkedHashSet<>(rootNodes)) {
      if (needed.get(n) && !pending.containsKey(n)) ready.add(n);
    }
    try (var _ = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
      while (!ready.isEmpty()) {
        Node node = ready.poll();
        Tensor g = buffers.remove(node);
        boolean gOwned = owned.remove(node) && !createGraph && !node.hasHooks();
        Tensor[] out = null;
        if (g != null) {
          g = node.runHooks(g);
          Integer target = targets == null ? null : targets.get(node);
          if (target != null) captured[target] = g;
          if (targets == null) {
            if (node.retained != null) AccumulateGrad.accumulate(node.retained, g);
            out = node instanceof AccumulateGrad leaf ? leaf.apply(g, gOwned) : node.apply(g);
          } else if (!(node instanceof AccumulateGrad) && hasNeededChild(node, needed)) {
            out = node.apply(g);
          }
          if (out != null) {
            fitToInputs(node, out);
            if (Anomaly.isEnabled()) Anomaly.check(node, out);
          }
        }
        if (!retainGraph && (targets == null || out != null)) node.release();
        for (int i = 0; i < node.next.length; i++) {
          Node c = node.next[i];
          if (c == null || !needed.get(c)) continue;
          if (out != null && i < out.length && out[i] != null) {
            Tensor prev = buffers.get(c);
            if (prev == null) {
              buffers.put(c, out[i]);
              if (!createGraph && owns(node, g, gOwned, out, i)) owned.add(c);
            } else {
              buffers.put(c, prev.add(out[i]));
              // The sum is a fresh tensor only the engine holds.
              if (!createGraph) owned.add(c);
            }
          }
          int[] left = pending.get(c);
          if (--left[0] == 0) ready.add(c);
        }
      }
    }
    if (captured != null) {
      // Several inputs may share a node (the same tensor twice): give each its gradient.
      for (int i = 0; i < captured.length; i++) {
        if (captured[i] == null) {
          Integer first = targets.get(nodeOf(inputs.get(i)));
          if (first != null && first != i) captured[i] = captured[first];
        }
      }
    }
    return captured;
  }

  /**
   * True when no one but the engine can reference {@code out[i]}: a derivative rule (not user code)
   * made it, and it shares storage neither with another gradient of this node nor with the incoming
   * gradient {@code g}, unless g was itself owned (then out[i] is g or a view of it, passed on).
   * Rules only return fresh tensors, g, or views of g, never saved tensors.
   */
  private static boolean owns(Node node, Tensor g, boolean gOwned, Tensor[] out, int i) {
    if (!(node instanceof OpNode)) return false;
    Storage s = out[i].operand().storage();
    for (int j = 0; j < out.length; j++) {
      if (j != i && out[j] != null && out[j].operand().storage() == s) return false;
    }
    return gOwned || g.operand().storage() != s;
  }

  private static boolean hasNeededChild(Node node, Map<Node, Boolean> needed) {
    for (Node c : node.next) if (c != null && needed.get(c)) return true;
    return false;
  }

  private static Tensor checkRootGrad(int i, Tensor root, Tensor g) {
    if (g == null) {
      if (root.numel() != 1) {
        throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs, but output " + i
            + " has shape " + Arrays.toString(root.shape().toArray()));
      }
      return Tensor.onesLike(root);
    }
    if (!g.shape().equals(root.shape())) {
      throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
          + g.shape() + " and output[" + i + "] has a shape of " + root.shape());
    }
    if (!g.device().equals(root.device())) {
      throw new IllegalArgumentException("grad_output[" + i + "] is on " + g.device() + " but output[" + i + "] is on "
          + root.device() + "; move the gradient with .to(device)");
    }
    return g.dtype() == root.dtype() ? g : g.to(root.dtype());
  }

  /**
   * Makes each computed gradient match its input: broadcast gradients are summed back to the
   * input's shape, and the dtype follows the input, as PyTorch's validate_outputs does.
   */
  private static void fitToInputs(Node node, Tensor[] out) {
    if (out.length != node.next.length) {
      throw new IllegalStateException("function " + node.name() + " returned an incorrect number of gradients "
          + "(expected " + node.next.length + ", got " + out.length + ")");
    }
    for (int i = 0; i < out.length; i++) {
      Tensor g = out[i];
      if (g == null || node.next[i] == null) continue;
      int[] want = node.inputShapes[i];
      int[] have = g.shape().toArray();
      if (!Arrays.equals(want, have)) {
        if (!Derivatives.broadcastsTo(want, have)) {
          throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index " + i
              + " - got " + Arrays.toString(have) + " but expected shape compatible with " + Arrays.toString(want));
        }
        g = Derivatives.sumToShape(g, want);
      }
      if (g.dtype() != node.inputDtypes[i]) g = g.to(node.inputDtypes[i]);
      if (!g.device().equals(node.inputDevices[i])) {
        throw new IllegalStateException("Function " + node.name() + " returned a gradient on " + g.device()
            + " for input " + i + ", which is on " + node.inputDevices[i]);
      }
      out[i] = g;
    }
  }

  /** Every node reachable from the roots, each after all nodes it leads to (children first). */
  private static List<Node> postOrder(List<Node> roots) {
    List<Node> order = new ArrayList<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    for (Node r : roots) {
      if (seen.put(r, Boolean.TRUE) != null) continue;
      stack.push(new Object[] {r, 0});
      while (!stack.isEmpty()) {
        Object[] frame = stack.peek();
        Node n = (Node) frame[0];
        int i = (Integer) frame[1];
        if (i < n.next.length) {
          frame[1] = i + 1;
          Node c = n.next[i];
          if (c != null && seen.put(c, Boolean.TRUE) == null) stack.push(new Object[] {c, 0});
        } else {
          stack.pop();
          order.add(n);
        }
      }
    }
    return order;
  }
}
