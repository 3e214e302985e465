package dev.dl.examples;

import dev.dl.Tensor;
import dev.dl.data.io.CsvReader;
import dev.dl.data.io.CsvTable;
import dev.dl.data.io.Idx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Where the examples' data comes from: small data sets shipped as resources (scikit-learn's
 * digits and breast cancer, BSD-3-Clause; "Alice's Adventures in Wonderland", public domain) and
 * Fashion-MNIST from the Debian package {@code dataset-fashion-mnist}.
 */
public final class ExampleData {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files; {@code -Ddl.fashion.dir} overrides it. */
  public static final Path FASHION_DIR = Path.of(System.getProperty("dl.fashion.dir", "/usr/share/datasets/fashion-mnist"));

  /** Fashion-MNIST class names, by label. */
  public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
      "Shirt", "Sneaker", "Bag", "Ankle boot");

  private ExampleData() {}

  /** Images as float32 {@code [N, 1, H, W]} and labels as int64 {@code [N]}. */
  public record Images(Tensor x, Tensor y) {
    /** The first {@code n} samples (all when n >= size). */
    public Images head(int n) {
      int k = Math.min(n, x.size(0));
      return new Images(x.narrow(0, 0, k), y.narrow(0, 0, k));
    }
  }

  /** The 1,797 scikit-learn digits, pixels scaled from 0..16 to 0..1, as {@code [N, 1, 8, 8]}. */
  public static Images digits() {
    Path csv = resourceFile("digits.csv.gz", true);
    CsvTable t = CsvReader.builder(csv).header(false).label("64").read();
    Tensor x = t.features().div(16.0).view(-1, 1, 8, 8);
    return new Images(x, t.labels().toLong());
  }

  /** The breast cancer table as shipped (569 rows, 30 features, target 0 = malignant, 1 = benign). */
  public static CsvTable breastCancer() {
    // The first line of scikit-learn's file is a summary (569,30,malignant,benign), not column names.
    Path raw = resourceFile("breast_cancer.csv", false);
    try {
      List<String> lines = Files.readAllLines(raw, StandardCharsets.UTF_8);
      Path body = Files.createTempFile("dl-breast-cancer", ".csv");
      body.toFile().deleteOnExit();
      Files.write(body, lines.subList(1, lines.size()), StandardCharsets.UTF_8);
      return CsvReader.builder(body).header(false).label("30").read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare breast_cancer.csv: " + e.getMessage(), e);
    }
  }

  /** The text of "Alice's Adventures in Wonderland". */
  public static String alice() {
    try (InputStream in = open("carroll-alice.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fashion-MNIST train or test images scaled to [0, 1], or a clear error saying how to install them. */
  public static Images fashionMnist(boolean train) {
    String prefix = train ? "train" : "t10k";
    Path images = FASHION_DIR.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = FASHION_DIR.resolve(prefix + "-labels-idx1-ubyte.gz");
    if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
      throw new MissingDataException("Fashion-MNIST is not installed: " + images + " is missing.\n"
          + "Install it with:  sudo apt-get install dataset-fashion-mnist\n"
          + "(or put the four gzip IDX files in a folder and pass -Ddl.fashion.dir=FOLDER)");
    }
    Tensor x = Idx.read(images).toFloat().div(255.0);
    Tensor y = Idx.read(labels).toLong();
    return new Images(x.view(x.size(0), 1, x.size(1), x.size(2)), y);
  }

  /** Whether the Fashion-MNIST files are present. */
  public static boolean hasFashionMnist() {
    return Files.isRegularFile(FASHION_DIR.resolve("train-images-idx3-ubyte.gz"));
  }

  /** Raised when a data set the example needs is not installed; the message says how to get it. */
  public static final class MissingDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingDataException(String message) { super(message); }
  }

  private static InputStream open(String name) {
    InputStream in = ExampleData.class.getResourceAsStream("data/" + name);
    if (in == null) throw new IllegalStateException("resource dev/dl/examples/data/" + name + " is missing from the class path");
    return in;
  }

  private static Path resourceFile(String name, boolean gunzip) {
    try (InputStream raw = open(name); InputStream in = gunzip ? new GZIPInputStream(raw) : raw) {
      Path tmp = Files.createTempFile("dl-" + name.replace(".gz", ""), "");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract resource " + name + ": " + e.getMessage(), e);
    }
  }
}
