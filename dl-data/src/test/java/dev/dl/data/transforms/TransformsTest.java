package dev.dl.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TransformsTest {
  /** A [c, h, w] image whose values are 0, 1, 2, ... */
  static Tensor counting(int c, int h, int w) {
    float[] v = new float[c * h * w];
    for (int i = 0; i < v.length; i++) v[i] = i;
    return Tensor.of(v, c, h, w);
  }

  @Test
  void toTensorReadsRgbImagesAsChwInUnitRange() {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFF0080);
    img.setRGB(1, 0, 0x00FF00);
    Tensor t = new ToTensor().apply(img);
    assertEquals(Shape.of(3, 1, 2), t.shape());
    assertArrayEquals(new float[] {1, 0, 0, 1, 128 / 255f, 0}, t.toFloatArray(), 1e-6f);
  }

  @Test
  void toTensorReadsGrayImagesAsOneChannel() {
    BufferedImage img = new BufferedImage(1, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 1, 0, 255);
    Tensor t = new ToTensor().apply(img);
    assertEquals(Shape.of(1, 2, 1), t.shape());
    assertArrayEquals(new float[] {0, 1}, t.toFloatArray());
  }

  @Test
  void toTensorConvertsHwcUint8Tensors() {
    byte[] hwc = {(byte) 255, 0, 0, 51, 0, 0};   // H=1, W=2, C=3
    Tensor u8 = Tensor.fromHost(hwc, DType.UINT8, new int[] {1, 2, 3}, Device.defaultDevice());
    Tensor t = new ToTensor().apply(u8);
    assertEquals(Shape.of(3, 1, 2), t.shape());
    assertArrayEquals(new float[] {1, 0.2f, 0, 0, 0, 0}, t.toFloatArray(), 1e-6f);
    Tensor hw = new ToTensor().apply(Tensor.fromHost(new byte[] {0, (byte) 255}, DType.UINT8, new int[] {1, 2}, Device.defaultDevice()));
    assertEquals(Shape.of(1, 1, 2), hw.shape());
    assertThrows(IllegalArgumentException.class, () -> new ToTensor().apply("not an image"));
  }

  @Test
  void normalizeIsPerChannel() {
    Tensor x = Tensor.of(new float[] {1, 3, 10, 20}, 2, 1, 2);
    Tensor y = new Normalize(new double[] {1, 10}, new double[] {2, 5}).apply(x);
    assertArrayEquals(new float[] {0, 1, 0, 2}, y.toFloatArray(), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).apply(x));
    assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0}, new double[] {0}));
  }

  @Test
  void resizeBilinearMatchesHalfPixelSampling() {
    Tensor x = Tensor.of(new float[] {0, 1}, 1, 1, 2);
    // align_corners=False upsampling 2 -> 4: sources -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped to 1)
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, new Resize(1, 4).apply(x).toFloatArray(), 1e-6f);
    assertEquals(Shape.of(3, 4, 8), new Resize(4).apply(counting(3, 8, 16)).shape());
    assertEquals(Shape.of(3, 8, 4), new Resize(4).apply(counting(3, 16, 8)).shape());
    Tensor same = counting(2, 3, 5);
    assertArrayEquals(same.toFloatArray(), new Resize(3, 5).apply(same).toFloatArray());
  }

  @Test
  void centerCropTakesTheMiddleAndPadsSmallImages() {
    Tensor c = new CenterCrop(2, 2).apply(counting(1, 4, 4));
    assertArrayEquals(new float[] {5, 6, 9, 10}, c.toFloatArray());
    Tensor padded = new CenterCrop(3, 3).apply(counting(1, 1, 1));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0}, padded.toFloatArray());
    // 7 - 2 = 5 rows to drop: Python's round(2.5) = 2 rows above, as torchvision
    assertArrayEquals(new float[] {2, 3}, new CenterCrop(2, 1).apply(counting(1, 7, 1)).toFloatArray());
    // a 1x1 image in a 1x4 crop: one pad column left, two right
    assertArrayEquals(new float[] {0, 7, 0, 0}, new CenterCrop(1, 4).apply(counting(1, 1, 1).add(7)).toFloatArray());
  }

  @Test
  void randomCropIsAWindowOfThePaddedImageAndSeeded() {
    Tensor x = counting(1, 4, 4).add(1);
    Tensor a = new RandomCrop(4, 4, 2, 0, new Generator(7)).apply(x);
    Tensor b = new RandomCrop(4, 4, 2, 0, new Generator(7)).apply(x);
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    assertEquals(Shape.of(1, 4, 4), a.shape());
    // with padding 0 and full size the crop is the image itself
    assertArrayEquals(x.toFloatArray(), new RandomCrop(4, 4, 0).apply(x).toFloatArray());
    boolean sawPadding = false;
    Generator g = new Generator(1);
    for (int i = 0; i < 20; i++) {
      for (float v : new RandomCrop(4, 4, 2, 0, g).apply(x).toFloatArray()) sawPadding |= v == 0;
    }
    assertTrue(sawPadding);
    assertThrows(IllegalArgumentException.class, () -> new RandomCrop(9, 9, 2).apply(x));
  }

  @Test
  void horizontalFlipMirrorsRows() {
    Tensor x = counting(2, 2, 3);
    Tensor f = new RandomHorizontalFlip(1).apply(x);
    assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9}, f.toFloatArray());
    assertSame(x, new RandomHorizontalFlip(0).apply(x));
  }

  @Test
  void grayscaleUsesLumaWeights() {
    Tensor rgb = Tensor.of(new float[] {1, 0, 1}, 3, 1, 1);
    assertArrayEquals(new float[] {0.299f + 0.114f}, new Grayscale(1).apply(rgb).toFloatArray(), 1e-6f);
    assertEquals(Shape.of(3, 1, 1), new Grayscale(3).apply(rgb).shape());
  }

  @Test
  void rotationByNinetyDegreesTurnsCounterClockwise() {
    Tensor x = counting(1, 3, 3);   // 0 1 2 / 3 4 5 / 6 7 8
    Tensor r = new RandomRotation(90, 90, 0, new Generator(0)).apply(x);
    assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, r.toFloatArray());
    Tensor zero = new RandomRotation(0).apply(x);
    assertArrayEquals(x.toFloatArray(), zero.toFloatArray());
  }

  @Test
  void composeChainsSteps() {
    Transform<Object, Tensor> t = Compose.of(new ToTensor(), new Normalize(new double[] {0.5}, new double[] {0.5}));
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 0, 0, 255);
    assertArrayEquals(new float[] {1}, t.apply(img).toFloatArray(), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0}, new double[] {1}).apply(Tensor.zeros(4)));
  }
}
