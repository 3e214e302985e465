package dev.dl.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.data.Example;
import dev.dl.data.transforms.ToTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoTest {
  @TempDir Path dir;

  static Tensor u8(byte[] data, int... shape) { return Tensor.fromHost(data, DType.UINT8, shape, Device.defaultDevice()); }

  static void assertMessage(Throwable e, String... parts) {
    for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
  }

  // ---- IDX ----

  @Test
  void idxRoundTripsPlainAndGzip() {
    Tensor images = u8(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, (byte) 200, 10, 11, 12}, 3, 2, 2);
    Tensor floats = Tensor.of(new float[] {1.5f, -2}, 2);
    for (String name : List.of("imgs-idx3-ubyte", "imgs-idx3-ubyte.gz")) {
      Idx.write(dir.resolve(name), images);
      Tensor back = Idx.read(dir.resolve(name));
      assertEquals(DType.UINT8, back.dtype());
      assertEquals(Shape.of(3, 2, 2), back.shape());
      assertArrayEquals((byte[]) images.toHostArray(), (byte[]) back.toHostArray());
    }
    Idx.write(dir.resolve("f.idx"), floats);
    assertArrayEquals(floats.toFloatArray(), Idx.read(dir.resolve("f.idx")).toFloatArray());
  }

  @Test
  void idxRejectsBadMagicAndTruncation() throws IOException {
    Files.write(dir.resolve("bad"), new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 7});
    assertMessage(assertThrows(MalformedDataException.class, () -> Idx.read(dir.resolve("bad"))), "bad", "magic", "byte offset 0");
    Files.write(dir.resolve("code"), new byte[] {0, 0, 0x42, 1, 0, 0, 0, 1, 7});
    assertMessage(assertThrows(MalformedDataException.class, () -> Idx.read(dir.resolve("code"))), "type code", "byte offset 2");
    Files.write(dir.resolve("short"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
    assertMessage(assertThrows(MalformedDataException.class, () -> Idx.read(dir.resolve("short"))),
        "short", "truncated", "needs 13 bytes", "byte offset 10");
    Files.write(dir.resolve("hdr"), new byte[] {0, 0, 8, 3, 0, 0});
    assertMessage(assertThrows(MalformedDataException.class, () -> Idx.read(dir.resolve("hdr"))), "truncated IDX header");
  }

  @Test
  void mnistDatasetPairsImagesAndLabels() {
    Idx.write(dir.resolve("img"), u8(new byte[] {0, (byte) 255, 0, 0, 0, 0, 0, (byte) 255}, 2, 2, 2));
    Idx.write(dir.resolve("lab"), u8(new byte[] {7, 3}, 2));
    MnistDataset ds = new MnistDataset(dir.resolve("img"), dir.resolve("lab"), new ToTensor());
    assertEquals(2, ds.size());
    Example e = ds.get(0);
    assertEquals(Shape.of(1, 2, 2), e.input().shape());
    assertArrayEquals(new float[] {0, 1, 0, 0}, e.input().toFloatArray());
    assertEquals(7, e.label().itemLong());
    Example batch = DataLoader.builder(ds).batchSize(2).<Example>build().iterator().next();
    assertEquals(Shape.of(2, 1, 2, 2), batch.input().shape());
    assertArrayEquals(new long[] {7, 3}, batch.label().toLongArray());
    Idx.write(dir.resolve("lab3"), u8(new byte[] {1, 2, 3}, 3));
    assertThrows(MalformedDataException.class, () -> new MnistDataset(dir.resolve("img"), dir.resolve("lab3"), null));
  }

  @Test
  void fashionMnistFromDebianWhenInstalled() {
    Path root = Path.of("/usr/share/datasets/fashion-mnist");
    Path images = root.resolve("t10k-images-idx3-ubyte.gz");
    Assumptions.assumeTrue(Files.isReadable(images),
        "Debian's dataset-fashion-mnist is not installed (" + images + " missing)");
    MnistDataset test = new MnistDataset(images, root.resolve("t10k-labels-idx1-ubyte.gz"), new ToTensor());
    assertEquals(10000, test.size());
    assertEquals(Shape.of(1, 28, 28), test.get(0).input().shape());
    assertEquals(9, test.get(0).label().itemLong());   // the first test item is an ankle boot
  }

  // ---- CIFAR-10 ----

  @Test
  void cifarRecordsBecomeHwcImages() throws IOException {
    byte[] file = new byte[2 * Cifar10Dataset.RECORD];
    file[0] = 6;
    file[1] = 10;                                   // red of pixel 0
    file[1 + 1024] = 20;                            // green of pixel 0
    file[1 + 2048 + 1] = 30;                        // blue of pixel 1
    file[Cifar10Dataset.RECORD] = 9;
    Files.write(dir.resolve("data_batch_1.bin"), file);
    Cifar10Dataset ds = new Cifar10Dataset(List.of(dir.resolve("data_batch_1.bin")), null);
    assertEquals(2, ds.size());
    Example e = ds.get(0);
    assertEquals(Shape.of(32, 32, 3), e.input().shape());
    byte[] px = (byte[]) e.input().toHostArray();
    assertArrayEquals(new byte[] {10, 20, 0, 0, 0, 30}, Arrays.copyOf(px, 6));
    assertEquals(6, e.label().itemLong());
    assertEquals(9, ds.get(1).label().itemLong());
    Cifar10Dataset tensors = new Cifar10Dataset(List.of(dir.resolve("data_batch_1.bin")), new ToTensor());
    assertEquals(Shape.of(3, 32, 32), tensors.get(0).input().shape());
  }

  @Test
  void cifarRejectsTruncatedFilesAndBadLabels() throws IOException {
    Files.write(dir.resolve("cut.bin"), new byte[Cifar10Dataset.RECORD + 100]);
    assertMessage(assertThrows(MalformedDataException.class, () -> new Cifar10Dataset(List.of(dir.resolve("cut.bin")), null)),
        "cut.bin", "truncated", "byte offset 3073");
    byte[] bad = new byte[Cifar10Dataset.RECORD];
    bad[0] = 12;
    Files.write(dir.resolve("label.bin"), bad);
    assertMessage(assertThrows(MalformedDataException.class, () -> new Cifar10Dataset(List.of(dir.resolve("label.bin")), null)),
        "label 12", "byte offset 0");
  }

  // ---- image folder ----

  @Test
  void imageFolderFindsClassesAndDecodesPngs() throws IOException {
    for (String cls : List.of("dog", "cat")) {
      Files.createDirectories(dir.resolve(cls));
      for (int i = 0; i < 2; i++) {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, cls.equals("cat") ? 0xFF0000 : 0x0000FF);
        ImageIO.write(img, "png", dir.resolve(cls).resolve(i + ".png").toFile());
      }
    }
    Files.writeString(dir.resolve("cat").resolve("notes.txt"), "ignored");
    ImageFolder ds = new ImageFolder(dir, new ToTensor());
    assertEquals(List.of("cat", "dog"), ds.classes());
    assertEquals(4, ds.size());
    Example first = ds.get(0);
    assertEquals(Shape.of(3, 2, 3), first.input().shape());
    assertEquals(1f, first.input().toFloatArray()[0]);
    assertEquals(0, first.label().itemLong());
    assertEquals(1, ds.get(3).label().itemLong());
    Files.writeString(dir.resolve("dog").resolve("broken.png"), "not a png");
    ImageFolder withBroken = new ImageFolder(dir, new ToTensor());
    int broken = withBroken.files().indexOf(dir.resolve("dog").resolve("broken.png"));
    assertMessage(assertThrows(MalformedDataException.class, () -> withBroken.get(broken)), "broken.png");
  }

  // ---- npy ----

  @Test
  void npyRoundTripsEveryDtype() {
    List<Tensor> tensors = List.of(
        Tensor.of(new float[] {1.5f, -2, 3, 4, 5, 6}, 2, 3), Tensor.of(new double[] {1e300, -0.5}, 2),
        Tensor.of(new int[] {1, -2, 3}, 3), Tensor.of(new long[] {Long.MAX_VALUE, -1}, 2, 1),
        Tensor.of(new boolean[] {true, false}, 2), u8(new byte[] {(byte) 255, 0}, 2),
        Tensor.scalar(2.5).toDouble(), Tensor.zeros(0, 3));
    for (Tensor t : tensors) {
      Path f = dir.resolve("t.npy");
      Npy.write(f, t);
      Tensor back = Npy.read(f);
      assertEquals(t.dtype(), back.dtype());
      assertEquals(t.shape(), back.shape());
      assertArrayEquals(t.toDoubleArray(), back.toDoubleArray());
    }
    assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("b.npy"), Tensor.zeros(2).to(DType.BFLOAT16)));
  }

  @Test
  void npyHeaderIsPaddedToSixtyFourBytes() throws IOException {
    Npy.write(dir.resolve("x.npy"), Tensor.zeros(3, 4));
    byte[] b = Files.readAllBytes(dir.resolve("x.npy"));
    int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertEquals(0, (10 + headerLen) % 64);
    String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }") && header.endsWith("\n"), header);
  }

  /** Builds a .npy file by hand, as NumPy would for these header fields. */
  private Path handMade(String name, int major, String dict, ByteBuffer data) throws IOException {
    byte[] d = new byte[data.position()];
    data.flip().get(d);
    int prefix = major == 1 ? 10 : 12;
    int total = ((prefix + dict.length() + 1 + 63) / 64) * 64;
    String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
    ByteBuffer out = ByteBuffer.allocate(total + d.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) out.putShort((short) header.length());
    else out.putInt(header.length());
    out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(d);
    Path f = dir.resolve(name);
    Files.write(f, out.array());
    return f;
  }

  @Test
  void npyReadsBigEndianFortranOrderAndVersionTwo() throws IOException {
    ByteBuffer be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
    be.putInt(1).putInt(-2).putInt(300).putInt(4);
    Tensor big = Npy.read(handMade("be.npy", 1, "{'descr': '>i4', 'fortran_order': False, 'shape': (4,), }", be));
    assertArrayEquals(new int[] {1, -2, 300, 4}, big.toIntArray());
    // [[1, 2, 3], [4, 5, 6]] stored column by column
    ByteBuffer f = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : new double[] {1, 4, 2, 5, 3, 6}) f.putDouble(v);
    Tensor fortran = Npy.read(handMade("f.npy", 2, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", f));
    assertEquals(Shape.of(2, 3), fortran.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, fortran.toDoubleArray());
  }

  @Test
  void npyRejectsMalformedFiles() throws IOException {
    Files.write(dir.resolve("magic.npy"), "PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1));
    assertMessage(assertThrows(MalformedDataException.class, () -> Npy.read(dir.resolve("magic.npy"))), "magic", "byte offset 0");
    ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2);
    Path cut = handMade("cut.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", d);
    assertMessage(assertThrows(MalformedDataException.class, () -> Npy.read(cut)), "truncated", "needs 12 bytes", "byte offset 128", "ends at byte offset 136");
    Path obj = handMade("obj.npy", 1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", ByteBuffer.allocate(8).put(new byte[8]));
    assertMessage(assertThrows(MalformedDataException.class, () -> Npy.read(obj)), "|O");
  }

  // ---- CSV ----

  @Test
  void csvReadsNumericCategoricalAndTextLabels() throws IOException {
    Path f = dir.resolve("iris.csv");
    Files.writeString(f, "length,color,width,species\n1.5,red,0.2,setosa\n\n4.7,blue,1.4,versicolor\n5.0,red,1.5,setosa\n");
    CsvTable t = CsvReader.builder(f).label("species").categorical("color").read();
    assertEquals(Shape.of(3, 4), t.features().shape());
    assertEquals(List.of("length", "width", "color=blue", "color=red"), t.featureNames());
    assertArrayEquals(new float[] {1.5f, 0.2f, 0, 1, 4.7f, 1.4f, 1, 0, 5.0f, 1.5f, 0, 1}, t.features().toFloatArray(), 1e-6f);
    assertArrayEquals(new long[] {0, 1, 0}, t.labels().toLongArray());
    assertEquals(List.of("setosa", "versicolor"), t.labelClasses());
    assertEquals(3, t.toDataset().size());
  }

  @Test
  void csvWithoutHeaderUsesColumnIndicesAndIntegerLabels() throws IOException {
    Path f = dir.resolve("raw.csv");
    Files.writeString(f, "1;2;0\n3;4;1\n");
    CsvTable t = CsvReader.builder(f).header(false).delimiter(';').label("2").read();
    assertEquals(DType.INT64, t.labels().dtype());
    assertArrayEquals(new long[] {0, 1}, t.labels().toLongArray());
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.features().toFloatArray());
    CsvTable none = CsvReader.builder(f).header(false).delimiter(';').numeric("0").read();
    assertNull(none.labels());
    assertEquals(Shape.of(2, 1), none.features().shape());
  }

  @Test
  void csvErrorsNameFileLineAndColumn() throws IOException {
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "a,b,c\n1,2,3\n4,5\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> CsvReader.builder(ragged).read()),
        "ragged.csv line 3", "expected 3 fields", "found 2");
    Path text = dir.resolve("text.csv");
    Files.writeString(text, "a,age\n1,2\n3,abc\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> CsvReader.builder(text).read()),
        "text.csv line 3", "column 'age'", "'abc' is not a number");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "a,b\n1,\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> CsvReader.builder(empty).read()), "line 2", "empty cell");
    Path quote = dir.resolve("quote.csv");
    Files.writeString(quote, "a,b\n1,\"2\"x\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> CsvReader.builder(quote).read()), "quote.csv line", "malformed CSV");
    Path ok = dir.resolve("ok.csv");
    Files.writeString(ok, "a,b\n1,2\n");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> CsvReader.builder(ok).label("c").read()), "no column 'c'");
  }
}
