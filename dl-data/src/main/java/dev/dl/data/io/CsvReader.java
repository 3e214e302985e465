package dev.dl.data.io;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.data.tabular.LabelEncoder;
import dev.dl.data.tabular.OneHotEncoder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV table into tensors with Apache Commons CSV: numeric columns become float32
 * features, categorical columns one-hot blocks, and one column the label. Ragged rows, non-numeric
 * cells in numeric columns and broken quoting fail with the file, line and column.
 *
 * <pre>{@code
 * CsvTable iris = CsvReader.builder(Path.of("iris.csv")).label("species").read();
 * CsvTable raw = CsvReader.builder(path).header(false).delimiter(';').label("4").categorical("2").read();
 * }</pre>
 *
 * <p>Columns are named by the header, or by their 0-based index ({@code "0"}, {@code "1"}, ...)
 * without one. Without {@code numeric(...)}, every column that is neither the label nor categorical
 * is numeric. Empty cells in numeric columns are errors (fill missing values before loading).
 */
public final class CsvReader {
  private CsvReader() {}

  /** Options for reading {@code file}. */
  public static Builder builder(Path file) { return new Builder(file); }

  /** CSV options; defaults: header row, comma delimiter, no label. */
  public static final class Builder {
    private final Path file;
    private boolean header = true;
    private char delimiter = ',';
    private String label;
    private List<String> numeric;
    private List<String> categorical = List.of();

    private Builder(Path file) { this.file = file; }

    /** Whether the first row holds column names (default true). */
    public Builder header(boolean header) { this.header = header; return this; }

    /** The field separator (default ','). */
    public Builder delimiter(char delimiter) { this.delimiter = delimiter; return this; }

    /** The label column, by name or 0-based index. */
    public Builder label(String column) { this.label = column; return this; }

    /** The numeric feature columns (default: all but the label and categorical columns). */
    public Builder numeric(String... columns) { this.numeric = List.of(columns); return this; }

    /** Columns one-hot encoded into features. */
    public Builder categorical(String... columns) { this.categorical = List.of(columns); return this; }

    /** Reads the whole file. */
    public CsvTable read() { return CsvReader.read(this); }
  }

  private static CsvTable read(Builder o) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(o.delimiter).setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(true).get();
    List<String> names = null;
    List<String[]> rows = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(o.file, StandardCharsets.UTF_8);
         CSVParser parser = CSVParser.parse(reader, format)) {
      Iterator<CSVRecord> it = parser.iterator();
      while (hasNext(it, o.file, parser)) {
        CSVRecord r = it.next();
        long line = parser.getCurrentLineNumber();
        String[] values = r.values();
        if (names == null) {
          if (o.header) {
            names = List.of(values);
            Set<String> unique = new LinkedHashSet<>(names);
            if (unique.size() != names.size()) {
              throw new MalformedDataException(o.file + " line " + line + ": duplicate column names in header " + names);
            }
            continue;
          }
          names = new ArrayList<>();
          for (int i = 0; i < values.length; i++) names.add(Integer.toString(i));
        }
        if (values.length != names.size()) {
          throw new MalformedDataException(o.file + " line " + line + ": expected " + names.size() + " fields (as in "
              + (o.header ? "the header" : "the first row") + ") but found " + values.length);
        }
        rows.add(values);
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CsvReader: cannot read " + o.file + ": " + e.getMessage(), e);
    }
    if (names == null || rows.isEmpty()) throw new MalformedDataException(o.file + ": no data rows");
    return toTable(o, names, rows, lines);
  }

  private static boolean hasNext(Iterator<CSVRecord> it, Path file, CSVParser parser) {
    try {
      return it.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new MalformedDataException(file + " line " + parser.getCurrentLineNumber() + ": malformed CSV: "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
  }

  private static int column(List<String> names, String name, Path file) {
    int i = names.indexOf(name);
    if (i < 0) throw new IllegalArgumentException("CsvReader: " + file + " has no column '" + name + "'; columns are " + names);
    return i;
  }

  private static CsvTable toTable(Builder o, List<String> names, List<String[]> rows, List<Long> lines) {
    int labelCol = o.label == null ? -1 : column(names, o.label, o.file);
    List<Integer> cat = new ArrayList<>();
    for (String c : o.categorical) cat.add(column(names, c, o.file));
    List<Integer> num = new ArrayList<>();
    if (o.numeric != null) {
      for (String c : o.numeric) num.add(column(names, c, o.file));
    } else {
      for (int i = 0; i < names.size(); i++) if (i != labelCol && !cat.contains(i)) num.add(i);
    }
    int n = rows.size();
    int numWidth = num.size();
    float[] numeric = new float[n * numWidth];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < numWidth; k++) {
        numeric[r * numWidth + k] = (float) parseNumber(rows.get(r)[num.get(k)], o.file, lines.get(r), names.get(num.get(k)));
      }
    }
    List<String> featureNames = new ArrayList<>();
    for (int c : num) featureNames.add(names.get(c));
    Tensor features = Tensor.of(numeric, n, numWidth);
    if (!cat.isEmpty()) {
      List<List<String>> catRows = new ArrayList<>(n);
      for (String[] row : rows) catRows.add(cat.stream().map(c -> row[c]).toList());
      OneHotEncoder enc = new OneHotEncoder(false);
      Tensor oneHot = enc.fitTransform(catRows);
      for (int k = 0; k < cat.size(); k++) {
        for (String v : enc.categories().get(k)) featureNames.add(names.get(cat.get(k)) + "=" + v);
      }
      float[] a = features.toFloatArray();
      float[] b = oneHot.toFloatArray();
      int w = numWidth + oneHot.size(1);
      float[] merged = new float[n * w];
      for (int r = 0; r < n; r++) {
        System.arraycopy(a, r * numWidth, merged, r * w, numWidth);
        System.arraycopy(b, r * oneHot.size(1), merged, r * w + numWidth, oneHot.size(1));
      }
      features = Tensor.of(merged, n, w);
    }
    if (labelCol < 0) return new CsvTable(features, null, List.copyOf(featureNames), List.of());
    List<String> raw = rows.stream().map(r -> r[labelCol]).toList();
    if (raw.stream().allMatch(CsvReader::isInteger)) {
      long[] y = raw.stream().mapToLong(Long::parseLong).toArray();
      return new CsvTable(features, Tensor.fromHost(y, DType.INT64, new int[] {n}, Device.defaultDevice()),
          List.copyOf(featureNames), List.of());
    }
    if (raw.stream().allMatch(CsvReader::isNumber)) {
      float[] y = new float[n];
      for (int i = 0; i < n; i++) y[i] = Float.parseFloat(raw.get(i));
      return new CsvTable(features, Tensor.of(y, n), List.copyOf(featureNames), List.of());
    }
    LabelEncoder enc = new LabelEncoder();
    Tensor y = enc.fitTransform(raw);
    return new CsvTable(features, y, List.copyOf(featureNames), enc.classes());
  }

  private static double parseNumber(String cell, Path file, long line, String column) {
    if (cell.isEmpty()) {
      throw new MalformedDataException(file + " line " + line + ", column '" + column + "': empty cell in a numeric "
          + "column; fill missing values or declare the column categorical");
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new MalformedDataException(file + " line " + line + ", column '" + column + "': '" + cell
          + "' is not a number; declare the column categorical(\"" + column + "\") if it holds categories");
    }
  }

  private static boolean isInteger(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
