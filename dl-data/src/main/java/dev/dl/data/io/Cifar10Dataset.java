package dev.dl.data.io;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.data.Dataset;
import dev.dl.data.Example;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * CIFAR-10 binary batches ({@code data_batch_1.bin} ...): records of one label byte and 3072
 * pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32x32). Sample {@code i} is the uint8
 * [32, 32, 3] (HWC) image passed through the transform and its int64 label.
 *
 * <pre>{@code
 * var train = new Cifar10Dataset(List.of(dir.resolve("data_batch_1.bin")), new ToTensor());
 * }</pre>
 */
public final class Cifar10Dataset implements Dataset<Example> {
  static final int SIDE = 32;
  static final int PLANE = SIDE * SIDE;
  static final int RECORD = 1 + 3 * PLANE;

  private final byte[] data;
  private final int size;
  private final Function<? super Tensor, ? extends Tensor> transform;

  /** Reads the batch files in order; a null transform yields raw uint8 HWC images. */
  public Cifar10Dataset(List<Path> batchFiles, Function<? super Tensor, ? extends Tensor> transform) {
    if (batchFiles.isEmpty()) throw new IllegalArgumentException("Cifar10Dataset: give at least one batch file");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path f : batchFiles) {
      byte[] b = Bytes.readMaybeGzip(f);
      if (b.length % RECORD != 0) {
        throw new MalformedDataException(f + ": truncated CIFAR-10 batch: " + b.length + " bytes is not a whole number of "
            + RECORD + "-byte records; the last record starts at byte offset " + (b.length / RECORD) * RECORD
            + " and has only " + b.length % RECORD + " bytes");
      }
      for (int r = 0; r < b.length / RECORD; r++) {
        int label = b[r * RECORD] & 0xFF;
        if (label > 9) {
          throw new MalformedDataException(f + ": label " + label + " at byte offset " + (long) r * RECORD
              + " (record " + r + ") is not a CIFAR-10 class 0..9");
        }
      }
      all.writeBytes(b);
    }
    this.data = all.toByteArray();
    this.size = data.length / RECORD;
    this.transform = transform;
  }

  @Override
  public Example get(int index) {
    Dataset.checkIndex(index, size, "Cifar10Dataset");
    int base = index * RECORD;
    byte[] hwc = new byte[3 * PLANE];
    for (int p = 0; p < PLANE; p++) {
      for (int c = 0; c < 3; c++) hwc[p * 3 + c] = data[base + 1 + c * PLANE + p];
    }
    Tensor image = Tensor.fromHost(hwc, DType.UINT8, new int[] {SIDE, SIDE, 3}, Device.defaultDevice());
    return Example.of(transform == null ? image : transform.apply(image), data[base] & 0xFF);
  }

  @Override
  public int size() { return size; }
}
