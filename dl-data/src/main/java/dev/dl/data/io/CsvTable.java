package dev.dl.data.io;

import dev.dl.Tensor;
import dev.dl.data.TensorDataset;
import java.util.List;

/**
 * A CSV file read into tensors: float32 features [rows, columns] (numeric columns, then one-hot
 * blocks of categorical columns), the label column (int64 class indices or float32 values; null
 * without a label column), the feature column names and, for text labels, the class names.
 *
 * <pre>{@code
 * CsvTable t = CsvReader.builder(path).label("species").read();
 * TensorDataset ds = t.toDataset();
 * }</pre>
 */
public record CsvTable(Tensor features, Tensor labels, List<String> featureNames, List<String> labelClasses) {
  /** A dataset of {@code [features[i], labels[i]]} (or {@code [features[i]]} without labels). */
  public TensorDataset toDataset() { return labels == null ? new TensorDataset(features) : new TensorDataset(features, labels); }
}
