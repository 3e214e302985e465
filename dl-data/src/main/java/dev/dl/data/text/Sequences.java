package dev.dl.data.text;

import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.List;

/**
 * Padding of variable-length sequences, as {@code torch.nn.utils.rnn.pad_sequence}.
 *
 * <pre>{@code
 * Tensor batch = Sequences.padSequence(List.of(a, b, c), true, 0);   // [3, maxLen, *]
 * }</pre>
 */
public final class Sequences {
  private Sequences() {}

  /**
   * Stacks sequences of shape {@code [length_i, *]} (equal trailing dims, one dtype and device)
   * into {@code [maxLength, batch, *]}, or {@code [batch, maxLength, *]} if {@code batchFirst},
   * filling the tail of shorter sequences with {@code paddingValue}.
   */
  public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue) {
    if (sequences.isEmpty()) throw new IllegalArgumentException("padSequence: received an empty list of sequences");
    Tensor first = sequences.getFirst();
    if (first.dim() == 0) throw new IllegalArgumentException("padSequence: sequences need at least one dimension, sequence 0 is a scalar");
    int[] trailing = first.shape().toArray();
    int maxLen = 0;
    for (int i = 0; i < sequences.size(); i++) {
      Tensor s = sequences.get(i);
      int[] shape = s.shape().toArray();
      boolean same = shape.length == trailing.length && s.dtype() == first.dtype();
      for (int d = 1; same && d < shape.length; d++) same = shape[d] == trailing[d];
      if (!same) {
        throw new IllegalArgumentException("padSequence: sequences must agree in every dim but the first and in dtype; "
            + "sequence 0 is " + first.dtype() + " " + first.shape() + " but sequence " + i + " is " + s.dtype() + " "
            + s.shape());
      }
      maxLen = Math.max(maxLen, shape[0]);
    }
    int[] outShape = trailing.clone();
    int[] full = new int[outShape.length + 1];
    full[0] = batchFirst ? sequences.size() : maxLen;
    full[1] = batchFirst ? maxLen : sequences.size();
    System.arraycopy(outShape, 1, full, 2, outShape.length - 1);
    Tensor out = Tensor.full(Shape.of(full), paddingValue, first.dtype(), first.device());
    for (int i = 0; i < sequences.size(); i++) {
      Tensor s = sequences.get(i);
      if (s.size(0) == 0) continue;
      Tensor slot = batchFirst ? out.select(0, i) : out.select(1, i);
      slot.narrow(0, 0, s.size(0)).copy_(s);
    }
    return out;
  }
}
