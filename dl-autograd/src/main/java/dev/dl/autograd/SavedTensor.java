package dev.dl.autograd;

import dev.dl.Tensor;
import java.util.Arrays;

/** A tensor kept for backward together with its version at the time it was saved. */
record SavedTensor(Tensor tensor, int version) {
  static SavedTensor of(Tensor t) { return new SavedTensor(t, t.version()); }

  /**
   * The tensor, after checking that no in-place op changed it since it was saved.
   *
   * @param role how the node knows the tensor, e.g. "output 0 of SigmoidBackward0"
   */
  Tensor unpack(String role) {
    int now = tensor.version();
    if (now != version) {
      throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
          + "inplace operation: [torch." + tensor.dtype().torchName() + " " + Arrays.toString(tensor.shape().toArray())
          + "] is at version " + now + "; expected version " + version + " instead. It is " + role + ". Hint: "
          + "use the out-of-place op (without the trailing _), or clone() the tensor before modifying it; "
          + "Autograd.detectAnomaly() shows where the forward op was created");
    }
    return tensor;
  }

  static IllegalStateException freed(String nodeName) {
    return new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
        + "tensors after they have already been freed). Saved intermediate values of the graph are freed when you "
        + "call .backward() or Autograd.grad(). Specify retainGraph=true if you need to backward through the graph a "
        + "second time or if you need to access saved tensors after calling backward (node " + nodeName + ")");
  }
}
