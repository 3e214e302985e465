package dev.dl.data;

import java.util.function.Function;

/**
 * A map-style dataset: a known number of samples, each loaded by index. Transformations belong in
 * {@link #get}, so they run in the DataLoader's workers.
 *
 * <pre>{@code
 * Dataset<Example> train = new MnistDataset(images, labels, new ToTensor());
 * Example first = train.get(0);
 * }</pre>
 *
 * <p>{@code get} may be called from several worker threads at once; implementations must be
 * safe for concurrent reads.
 */
public interface Dataset<T> {
  /** The sample at {@code index}, in {@code [0, size())}. */
  T get(int index);

  /** The number of samples. */
  int size();

  /** A view of this dataset whose samples pass through {@code transform} when loaded. */
  default <R> Dataset<R> map(Function<? super T, ? extends R> transform) {
    Dataset<T> source = this;
    return new Dataset<>() {
      @Override public R get(int index) { return transform.apply(source.get(index)); }
      @Override public int size() { return source.size(); }
    };
  }

  /** Checks {@code index} against {@code size} with an error that names the dataset. */
  static int checkIndex(int index, int size, String dataset) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(dataset + ": index " + index + " is out of range for a dataset of "
          + size + " samples");
    }
    return index;
  }
}
