package dev.dl.data.transforms;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;

/**
 * Mirrors a [C, H, W] image left-right with probability {@code p}, as torchvision's
 * {@code RandomHorizontalFlip}; draws from the given generator or the loader's per-sample one.
 *
 * <pre>{@code
 * Tensor maybeFlipped = new RandomHorizontalFlip(0.5).apply(image);
 * }</pre>
 */
public final class RandomHorizontalFlip implements Transform<Tensor, Tensor> {
  private final double p;
  private final Generator generator;

  /** Flips with probability {@code p}, drawing from {@link DataLoader#sampleGenerator()}. */
  public RandomHorizontalFlip(double p) { this(p, null); }

  /** Flips with probability {@code p}; a null generator uses the loader's per-sample generator. */
  public RandomHorizontalFlip(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Tensor apply(Tensor image) {
    Image img = Image.of(image, "RandomHorizontalFlip");
    Generator g = generator != null ? generator : DataLoader.sampleGenerator();
    if (!(g.nextDouble() < p)) return image;
    for (int c = 0; c < img.channels; c++) {
      for (int y = 0; y < img.height; y++) {
        int row = (c * img.height + y) * img.width;
        for (int a = row, b = row + img.width - 1; a < b; a++, b--) {
          float t = img.data[a];
          img.data[a] = img.data[b];
          img.data[b] = t;
        }
      }
    }
    return img.toTensor();
  }
}
