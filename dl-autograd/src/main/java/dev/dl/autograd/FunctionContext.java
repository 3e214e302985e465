package dev.dl.autograd;

import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Function}'s forward leaves for its backward, like PyTorch's {@code ctx}: saved
 * tensors (checked against in-place changes), which inputs need a gradient, and named values.
 */
public final class FunctionContext {
  private final boolean[] needsInputGrad;
  private List<SavedTensor> saved = List.of();
  private final Map<String, Object> values = new HashMap<>();
  private boolean freed;
  String nodeName = "Function";

  FunctionContext(boolean[] needsInputGrad) {
    this.needsInputGrad = needsInputGrad;
  }

  /** Saves tensors for backward (call once in forward), like {@code ctx.save_for_backward}. */
  public void saveForBackward(Tensor... tensors) {
    List<SavedTensor> s = new ArrayList<>(tensors.length);
    for (Tensor t : tensors) s.add(t == null ? null : SavedTensor.of(t));
    saved = s;
  }

  /** The tensors given to {@link #saveForBackward}; fails if one was modified in place since, or after release. */
  public List<Tensor> savedTensors() {
    if (freed) throw SavedTensor.freed(nodeName);
    List<Tensor> out = new ArrayList<>(saved.size());
    for (int i = 0; i < saved.size(); i++) {
      SavedTensor s = saved.get(i);
      out.add(s == null ? null : s.unpack("saved tensor " + i + " of " + nodeName));
    }
    return out;
  }

  /** True when input {@code i} of forward requires a gradient, like {@code ctx.needs_input_grad[i]}. */
  public boolean needsInputGrad(int i) { return needsInputGrad[i]; }

  /** Keeps a non-tensor value (a shape, a flag) for backward. */
  public void put(String key, Object value) { values.put(key, value); }

  /** A value stored with {@link #put}, or null. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key) { return (T) values.get(key); }

  void free() {
    saved = List.of();
    freed = true;
  }
}
