package dev.dl.data.io;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.data.Dataset;
import dev.dl.data.Example;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * MNIST-format images and labels from two IDX files (MNIST, Fashion-MNIST, KMNIST). Sample
 * {@code i} is the uint8 [H, W] image passed through the transform (e.g. {@code ToTensor}) and its
 * int64 label.
 *
 * <pre>{@code
 * var train = new MnistDataset(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), new ToTensor());
 * Example e = train.get(0);   // input [1, 28, 28] float32, label 5
 * }</pre>
 */
public final class MnistDataset implements Dataset<Example> {
  private final byte[] pixels;
  private final byte[] labels;
  private final int height;
  private final int width;
  private final int size;
  private final Function<? super Tensor, ? extends Tensor> transform;

  /** Reads both files; a null transform yields the raw uint8 [H, W] images. */
  public MnistDataset(Path images, Path labelFile, Function<? super Tensor, ? extends Tensor> transform) {
    Tensor img = Idx.read(images);
    Tensor lab = Idx.read(labelFile);
    if (img.dtype() != DType.UINT8 || img.dim() != 3) {
      throw new MalformedDataException(images + ": expected uint8 images of shape [N, H, W], got " + img.dtype() + " " + img.shape());
    }
    if (lab.dtype() != DType.UINT8 || lab.dim() != 1) {
      throw new MalformedDataException(labelFile + ": expected uint8 labels of shape [N], got " + lab.dtype() + " " + lab.shape());
    }
    if (lab.size(0) != img.size(0)) {
      throw new MalformedDataException(images + " has " + img.size(0) + " images but " + labelFile + " has " + lab.size(0) + " labels");
    }
    this.pixels = (byte[]) img.toHostArray();
    this.labels = (byte[]) lab.toHostArray();
    this.size = img.size(0);
    this.height = img.size(1);
    this.width = img.size(2);
    this.transform = transform;
  }

  @Override
  public Example get(int index) {
    Dataset.checkIndex(index, size, "MnistDataset");
    int plane = height * width;
    byte[] one = Arrays.copyOfRange(pixels, index * plane, (index + 1) * plane);
    Tensor image = Tensor.fromHost(one, DType.UINT8, new int[] {height, width}, Device.defaultDevice());
    return Example.of(transform == null ? image : transform.apply(image), labels[index] & 0xFF);
  }

  @Override
  public int size() { return size; }
}
