package dev.dl.examples;

import dev.dl.nn.BatchNorm1d;
import dev.dl.nn.BatchNorm2d;
import dev.dl.nn.Conv2d;
import dev.dl.nn.Dropout;
import dev.dl.nn.Flatten;
import dev.dl.nn.Linear;
import dev.dl.nn.MaxPool2d;
import dev.dl.nn.ReLU;
import dev.dl.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The examples' architectures, by name, so that {@code predict} can rebuild a saved model from
 * its safetensors metadata.
 */
final class Models {
  private Models() {}

  /** Two conv-relu-pool blocks and a small classifier for 1x8x8 digits. */
  static Sequential digitsCnn(int channels, int hidden, double dropout) {
    return new Sequential(
        new Conv2d(1, channels, 3, 1, 1), new BatchNorm2d(channels), new ReLU(), new MaxPool2d(2),   // 8x8 -> 4x4
        new Conv2d(channels, 2 * channels, 3, 1, 1), new BatchNorm2d(2 * channels), new ReLU(), new MaxPool2d(2),   // -> 2x2
        new Flatten(), new Linear(2 * channels * 4, hidden), new ReLU(), new Dropout(dropout), new Linear(hidden, 10));
  }

  /** A multilayer perceptron on flattened 8x8 digits, for the search: {@code layers} hidden layers of {@code hidden}. */
  static Sequential digitsMlp(int layers, int hidden, double dropout) {
    Sequential s = new Sequential(new Flatten());
    int in = 64;
    for (int i = 0; i < layers; i++) {
      s.add(new Linear(in, hidden)).add(new ReLU()).add(new Dropout(dropout));
      in = hidden;
    }
    return s.add(new Linear(in, 10));
  }

  /** The plain ANN: two hidden ReLU layers on flattened 28x28 images. */
  static Sequential fashionAnn(int hidden) {
    return new Sequential(new Flatten(), new Linear(784, hidden), new ReLU(), new Linear(hidden, hidden / 2), new ReLU(),
        new Linear(hidden / 2, 10));
  }

  /** The same ANN with batch norm and dropout (weight decay and early stopping live in the training). */
  static Sequential fashionAnnRegularised(int hidden, double dropout) {
    return new Sequential(new Flatten(), new Linear(784, hidden), new BatchNorm1d(hidden), new ReLU(), new Dropout(dropout),
        new Linear(hidden, hidden / 2), new BatchNorm1d(hidden / 2), new ReLU(), new Dropout(dropout), new Linear(hidden / 2, 10));
  }

  /** The feature extractor of the Fashion-MNIST CNN: two conv-bn-relu-pool pairs, 1x28x28 to 64x7x7, flattened. */
  static Sequential fashionFeatures(int channels) {
    return new Sequential(
        new Conv2d(1, channels, 3, 1, 1), new BatchNorm2d(channels), new ReLU(), new MaxPool2d(2),
        new Conv2d(channels, 2 * channels, 3, 1, 1), new BatchNorm2d(2 * channels), new ReLU(), new MaxPool2d(2),
        new Flatten());
  }

  /** The classifier head on top of {@link #fashionFeatures}. */
  static Sequential fashionHead(int channels, int hidden, double dropout, int classes) {
    return new Sequential(new Linear(2 * channels * 7 * 7, hidden), new ReLU(), new Dropout(dropout), new Linear(hidden, classes));
  }

  /** The CNN: features then classifier, as named children "features" and "classifier". */
  static Sequential fashionCnn(int channels, int hidden, double dropout, int classes) {
    var parts = new LinkedHashMap<String, Sequential>();
    parts.put("features", fashionFeatures(channels));
    parts.put("classifier", fashionHead(channels, hidden, dropout, classes));
    return new Sequential(parts);
  }

  /** Rebuilds an architecture from the metadata saved next to its weights. */
  static Sequential fromMetadata(Map<String, String> meta) {
    String arch = meta.getOrDefault("arch", "");
    return switch (arch) {
      case "digits-cnn" -> digitsCnn(i(meta, "channels"), i(meta, "hidden"), 0.0);
      case "digits-mlp" -> digitsMlp(i(meta, "layers"), i(meta, "hidden"), 0.0);
      case "fashion-ann" -> fashionAnn(i(meta, "hidden"));
      case "fashion-ann-reg" -> fashionAnnRegularised(i(meta, "hidden"), 0.0);
      case "fashion-cnn" -> fashionCnn(i(meta, "channels"), i(meta, "hidden"), 0.0, i(meta, "classes"));
      default -> throw new IllegalArgumentException("predict: the model file names architecture '" + arch
          + "', which predict cannot rebuild; it knows digits-cnn, digits-mlp, fashion-ann, fashion-ann-reg, fashion-cnn");
    };
  }

  private static int i(Map<String, String> meta, String key) {
    String v = meta.get(key);
    if (v == null) throw new IllegalArgumentException("predict: the model file's metadata has no '" + key + "' (metadata: " + meta + ")");
    return Integer.parseInt(v);
  }
}
