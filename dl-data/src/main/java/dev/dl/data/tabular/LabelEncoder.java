package dev.dl.data.tabular;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * Class labels (strings) to indices {@code 0..k-1} in sorted order, as scikit-learn's
 * {@code LabelEncoder}.
 *
 * <pre>{@code
 * LabelEncoder enc = new LabelEncoder();
 * Tensor y = enc.fitTransform(List.of("cat", "dog", "cat"));   // tensor([0, 1, 0])
 * }</pre>
 */
public final class LabelEncoder {
  private List<String> classes;
  private MutableObjectIntMap<String> index;

  /** Learns the sorted set of labels. */
  public LabelEncoder fit(List<String> labels) {
    this.classes = List.copyOf(new TreeSet<>(labels));
    this.index = new ObjectIntHashMap<>();
    for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
    return this;
  }

  /** The labels as an int64 tensor of class indices; unseen labels are an error. */
  public Tensor transform(List<String> labels) {
    Columns.checkFitted(classes, "LabelEncoder.transform");
    long[] out = new long[labels.size()];
    for (int i = 0; i < out.length; i++) {
      String label = labels.get(i);
      if (!index.containsKey(label)) {
        throw new IllegalArgumentException("LabelEncoder.transform: y contains previously unseen label '" + label
            + "' at position " + i + "; known labels are " + classes);
      }
      out[i] = index.get(label);
    }
    return Tensor.fromHost(out, DType.INT64, new int[] {out.length}, Device.defaultDevice());
  }

  /** {@code fit(labels).transform(labels)}. */
  public Tensor fitTransform(List<String> labels) { return fit(labels).transform(labels); }

  /** Class indices (any integer tensor) back to labels. */
  public List<String> inverseTransform(Tensor indices) {
    Columns.checkFitted(classes, "LabelEncoder.inverseTransform");
    long[] idx = indices.toLongArray();
    List<String> out = new ArrayList<>(idx.length);
    for (long i : idx) {
      if (i < 0 || i >= classes.size()) {
        throw new IllegalArgumentException("LabelEncoder.inverseTransform: index " + i + " is not in [0, " + classes.size() + ")");
      }
      out.add(classes.get((int) i));
    }
    return out;
  }

  /** The labels in index order. */
  public List<String> classes() { Columns.checkFitted(classes, "LabelEncoder.classes"); return classes; }
}
