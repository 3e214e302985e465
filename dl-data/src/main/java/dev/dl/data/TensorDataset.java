package dev.dl.data;

import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples are the rows (index along dim 0) of equally long tensors, as PyTorch's
 * {@code TensorDataset}; sample {@code i} is the list {@code [t0[i], t1[i], ...]}.
 *
 * <pre>{@code
 * var ds = new TensorDataset(Tensor.randn(100, 4), Tensor.randint(0, 2, 100));
 * List<Tensor> row = ds.get(3);   // [x[3], y[3]]
 * }</pre>
 */
public final class TensorDataset implements Dataset<List<Tensor>> {
  private final List<Tensor> tensors;

  /** Wraps tensors that all have the same size in dim 0. */
  public TensorDataset(Tensor... tensors) {
    if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset needs at least one tensor");
    for (Tensor t : tensors) {
      if (t.dim() == 0) throw new IllegalArgumentException("TensorDataset: tensors need at least one dimension, got a scalar");
      if (t.size(0) != tensors[0].size(0)) {
        List<String> shapes = new ArrayList<>();
        for (Tensor s : tensors) shapes.add(s.shape().toString());
        throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: every tensor needs the same "
            + "size in dim 0, got shapes " + shapes);
      }
    }
    this.tensors = List.copyOf(Arrays.asList(tensors));
  }

  /** The wrapped tensors. */
  public List<Tensor> tensors() { return tensors; }

  @Override
  public List<Tensor> get(int index) {
    Dataset.checkIndex(index, size(), "TensorDataset");
    List<Tensor> row = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) row.add(t.select(0, index));
    return row;
  }

  @Override
  public int size() { return tensors.get(0).size(0); }
}
