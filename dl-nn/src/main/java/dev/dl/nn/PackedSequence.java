package dev.dl.nn;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of variable-length sequences packed time step by time step, as
 * {@code torch.nn.utils.rnn.PackedSequence}: {@code data} holds, for each step t, the features of
 * the {@code batchSizes[t]} sequences still running (longest first).
 *
 * <pre>{@code
 * PackedSequence packed = PackedSequence.packPaddedSequence(padded, new long[] {5, 3, 2}, false, false);
 * var out = lstm.forward(packed, null, null);
 * }</pre>
 *
 * @param data [sum(lengths), *] features
 * @param batchSizes how many sequences are active at each step (non-increasing)
 * @param sortedIndices the batch order used in {@code data} (original index of each sorted slot)
 * @param unsortedIndices the inverse permutation of {@code sortedIndices}
 */
public record PackedSequence(Tensor data, long[] batchSizes, long[] sortedIndices, long[] unsortedIndices) {
  /** The padded result of {@link #padPackedSequence}: [T, N, *] (or [N, T, *]) and each sequence's length. */
  public record Padded(Tensor padded, long[] lengths) {}

  /**
   * Packs a padded batch [T, N, *] (or [N, T, *] when {@code batchFirst}) with per-sequence
   * {@code lengths}; with {@code enforceSorted} the lengths must already be non-increasing.
   */
  public static PackedSequence packPaddedSequence(Tensor input, long[] lengths, boolean batchFirst, boolean enforceSorted) {
    Tensor x = batchFirst ? input.transpose(0, 1) : input;
    if (x.dim() < 2 || x.size(1) != lengths.length) {
      throw new IllegalArgumentException("pack_padded_sequence: input of shape " + input.shape() + " (batchFirst="
          + batchFirst + ") does not hold " + lengths.length + " sequences");
    }
    int n = lengths.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (lengths[i] <= 0 || lengths[i] > x.size(0)) {
        throw new IllegalArgumentException("pack_padded_sequence: length " + lengths[i] + " of sequence " + i
            + " must be in [1, " + x.size(0) + "]");
      }
      if (enforceSorted && i > 0 && lengths[i] > lengths[i - 1]) {
        throw new IllegalArgumentException("pack_padded_sequence: `lengths` array must be sorted in decreasing order when "
            + "`enforce_sorted` is True; got " + Arrays.toString(lengths) + ". Pass enforceSorted=false to sort them here");
      }
    }
    Arrays.sort(order, (a, b) -> Long.compare(lengths[b], lengths[a]));
    long[] sorted = new long[n];
    long[] unsorted = new long[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = order[i];
      unsorted[order[i]] = i;
    }
    int maxLen = (int) lengths[order[0]];
    long[] batchSizes = new long[maxLen];
    Tensor xs = x.indexSelect(1, Tensor.of(sorted, n).to(x.device()));
    List<Tensor> steps = new ArrayList<>();
    for (int t = 0; t < maxLen; t++) {
      int bs = 0;
      while (bs < n && lengths[order[bs]] > t) bs++;
      batchSizes[t] = bs;
      steps.add(xs.select(0, t).narrow(0, 0, bs));
    }
    return new PackedSequence(Tensor.cat(steps, 0), batchSizes, sorted, unsorted);
  }

  /** The lengths of the sequences in their original order. */
  public long[] lengths() {
    int n = (int) batchSizes[0];
    long[] sortedLengths = new long[n];
    for (long bs : batchSizes) for (int i = 0; i < bs; i++) sortedLengths[i]++;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) out[(int) sortedIndices[i]] = sortedLengths[i];
    return out;
  }

  /**
   * Unpacks to a padded batch [T, N, *] (or [N, T, *]) filled with {@code paddingValue}, in the
   * original batch order; {@code totalLength} (or -1) pads T further.
   */
  public static Padded padPackedSequence(PackedSequence sequence, boolean batchFirst, double paddingValue, int totalLength) {
    long[] bsz = sequence.batchSizes;
    int n = (int) bsz[0];
    int t = bsz.length;
    if (totalLength >= 0 && totalLength < t) {
      throw new IllegalArgumentException("pad_packed_sequence: expected total_length to be at least " + t + ", got " + totalLength);
    }
    int steps = Math.max(t, totalLength);
    Tensor data = sequence.data;
    int[] featureShape = Arrays.copyOfRange(data.shape().toArray(), 1, data.dim());
    List<Tensor> rows = new ArrayList<>();
    int offset = 0;
    for (int s = 0; s < steps; s++) {
      int bs = s < t ? (int) bsz[s] : 0;
      Tensor chunk = bs > 0 ? data.narrow(0, offset, bs) : null;
      offset += bs;
      if (bs < n) {
        int[] padShape = new int[featureShape.length + 1];
        padShape[0] = n - bs;
        System.arraycopy(featureShape, 0, padShape, 1, featureShape.length);
        Tensor pad = Tensor.full(Shape.of(padShape), paddingValue, data.dtype(), data.device());
        chunk = chunk == null ? pad : Tensor.cat(List.of(chunk, pad), 0);
      }
      rows.add(chunk);
    }
    Tensor padded = Tensor.stack(rows, 0).indexSelect(1, Tensor.of(sequence.unsortedIndices, n).to(data.device()));
    return new Padded(batchFirst ? padded.transpose(0, 1) : padded, sequence.lengths());
  }

  /** The lengths as an int64 tensor (original order). */
  public Tensor lengthsTensor() { return Tensor.of(lengths(), (int) batchSizes[0]).to(DType.INT64); }
}
