package dev.dl.data.tabular;

import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * Categorical columns to one-hot float32 columns, as scikit-learn's {@code OneHotEncoder}: each
 * input column gets one output column per category (sorted), laid out column after column.
 * Unknown categories are an error, or all zeros with {@code ignoreUnknown}.
 *
 * <pre>{@code
 * OneHotEncoder enc = new OneHotEncoder(false);
 * Tensor x = enc.fitTransform(List.of(List.of("red", "S"), List.of("blue", "M")));   // [2, 4]
 * }</pre>
 */
public final class OneHotEncoder {
  private final boolean ignoreUnknown;
  private List<List<String>> categories;
  private List<MutableObjectIntMap<String>> lookup;
  private int width;

  /** An encoder; {@code ignoreUnknown} maps unseen categories to all-zero columns instead of failing. */
  public OneHotEncoder(boolean ignoreUnknown) { this.ignoreUnknown = ignoreUnknown; }

  /** Learns the categories of each column from rows of equal length. */
  public OneHotEncoder fit(List<? extends List<String>> rows) {
    if (rows.isEmpty()) throw new IllegalArgumentException("OneHotEncoder.fit: found an array with 0 samples");
    int cols = rows.getFirst().size();
    List<TreeSet<String>> seen = new ArrayList<>();
    for (int c = 0; c < cols; c++) seen.add(new TreeSet<>());
    for (int r = 0; r < rows.size(); r++) {
      checkRow(rows.get(r), cols, r, "OneHotEncoder.fit");
      for (int c = 0; c < cols; c++) seen.get(c).add(rows.get(r).get(c));
    }
    categories = new ArrayList<>();
    lookup = new ArrayList<>();
    width = 0;
    for (TreeSet<String> s : seen) {
      List<String> cats = List.copyOf(s);
      MutableObjectIntMap<String> m = new ObjectIntHashMap<>();
      for (int i = 0; i < cats.size(); i++) m.put(cats.get(i), i);
      categories.add(cats);
      lookup.add(m);
      width += cats.size();
    }
    return this;
  }

  private static void checkRow(List<String> row, int cols, int r, String op) {
    if (row.size() != cols) {
      throw new IllegalArgumentException(op + ": row " + r + " has " + row.size() + " columns, expected " + cols);
    }
  }

  /** One-hot float32 tensor of shape [rows, total categories]. */
  public Tensor transform(List<? extends List<String>> rows) {
    Columns.checkFitted(categories, "OneHotEncoder.transform");
    int cols = categories.size();
    float[] out = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      checkRow(rows.get(r), cols, r, "OneHotEncoder.transform");
      int base = 0;
      for (int c = 0; c < cols; c++) {
        String v = rows.get(r).get(c);
        if (lookup.get(c).containsKey(v)) {
          out[r * width + base + lookup.get(c).get(v)] = 1;
        } else if (!ignoreUnknown) {
          throw new IllegalArgumentException("OneHotEncoder.transform: found unknown category '" + v + "' in column " + c
              + " (row " + r + "); known: " + categories.get(c) + "; use ignoreUnknown=true to encode it as zeros");
        }
        base += categories.get(c).size();
      }
    }
    return Tensor.of(out, rows.size(), width);
  }

  /** {@code fit(rows).transform(rows)}. */
  public Tensor fitTransform(List<? extends List<String>> rows) { return fit(rows).transform(rows); }

  /** One-hot rows back to categories (null where a column's block is all zeros). */
  public List<List<String>> inverseTransform(Tensor oneHot) {
    Columns.checkFitted(categories, "OneHotEncoder.inverseTransform");
    if (oneHot.dim() != 2 || oneHot.size(1) != width) {
      throw new IllegalArgumentException("OneHotEncoder.inverseTransform: expected shape [rows, " + width + "], got "
          + oneHot.shape());
    }
    float[] d = oneHot.toFloatArray();
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r < oneHot.size(0); r++) {
      List<String> row = new ArrayList<>();
      int base = 0;
      for (List<String> cats : categories) {
        String v = null;
        float best = 0;
        for (int k = 0; k < cats.size(); k++) {
          if (d[r * width + base + k] > best) {
            best = d[r * width + base + k];
            v = cats.get(k);
          }
        }
        row.add(v);
        base += cats.size();
      }
      out.add(row);
    }
    return out;
  }

  /** The categories of each column, sorted. */
  public List<List<String>> categories() { Columns.checkFitted(categories, "OneHotEncoder.categories"); return categories; }
}
