package dev.dl.examples;

import dev.dl.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots: training curves with XChart, and a grid of sample images with predicted and true
 * labels drawn with java.awt.
 *
 * <pre>{@code
 * List<Path> files = Plots.curves(history, outDir, "digits");   // loss.png, accuracy.png
 * }</pre>
 */
public final class Plots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** Writes {@code loss.png} and {@code accuracy.png} (train and test per epoch) into {@code dir}. */
  public static List<Path> curves(History h, Path dir, String title) {
    double[] epochs = IntStream.rangeClosed(1, h.epochs()).asDoubleStream().toArray();
    XYChart loss = chart(title + ": loss", "loss");
    loss.addSeries("train", epochs, toArray(h.trainLoss()));
    loss.addSeries("test", epochs, toArray(h.testLoss()));
    XYChart acc = chart(title + ": accuracy", "accuracy (%)");
    acc.addSeries("train", epochs, toArray(h.trainAccuracy(), 100));
    acc.addSeries("test", epochs, toArray(h.testAccuracy(), 100));
    return List.of(save(loss, dir.resolve("loss.png")), save(acc, dir.resolve("accuracy.png")));
  }

  /** A scatter of trial values (completed and pruned) with the best value so far, for a search. */
  public static Path trials(double[] number, double[] value, double[] prunedNumber, double[] prunedValue, boolean maximize,
      Path file, String title, String valueName) {
    XYChart c = chart(title, valueName);
    c.setXAxisTitle("trial");
    if (number.length > 0) {
      XYSeries done = c.addSeries("completed", number, value);
      done.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      double[] best = value.clone();
      for (int i = 1; i < best.length; i++) best[i] = maximize ? Math.max(best[i - 1], best[i]) : Math.min(best[i - 1], best[i]);
      c.addSeries("best so far", number, best).setMarker(SeriesMarkers.NONE);
    }
    if (prunedNumber.length > 0) {
      XYSeries pruned = c.addSeries("pruned (last reported)", prunedNumber, prunedValue);
      pruned.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      pruned.setMarker(SeriesMarkers.CROSS);
    }
    return save(c, file);
  }

  /**
   * A grid of grayscale images ({@code pixels[i]} is row-major {@code h x w}, any range: each
   * image is scaled to its own min and max), each captioned with the predicted class (green when
   * right, red when wrong) and, below it, the true class.
   */
  public static Path imageGrid(float[][] pixels, int h, int w, long[] predicted, long[] truth, List<String> classNames,
      Path file, int columns) {
    int n = pixels.length;
    int scale = Math.max(1, 64 / Math.max(h, w));
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    int textW = classNames.stream().mapToInt(c -> pg.getFontMetrics(font).stringWidth("true: " + c)).max().orElse(0);
    pg.dispose();
    int cellW = Math.max(w * scale, textW) + 10;
    int cellH = h * scale + 34;
    int rows = (n + columns - 1) / columns;
    BufferedImage img = new BufferedImage(columns * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(font);
    for (int i = 0; i < n; i++) {
      int x0 = (i % columns) * cellW + (cellW - w * scale) / 2;
      int y0 = (i / columns) * cellH + 4;
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float v : pixels[i]) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      float range = max > min ? max - min : 1;
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          int gray = Math.round(255 * (pixels[i][r * w + c] - min) / range);
          g.setColor(new Color(gray, gray, gray));
          g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
        }
      }
      int textX = (i % columns) * cellW + 5;
      g.setColor(predicted[i] == truth[i] ? new Color(0, 110, 0) : Color.RED);
      g.drawString(classNames.get((int) predicted[i]), textX, y0 + h * scale + 13);
      g.setColor(Color.DARK_GRAY);
      g.drawString("true: " + classNames.get((int) truth[i]), textX, y0 + h * scale + 26);
    }
    g.dispose();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** {@link #imageGrid} for the first {@code n} images of {@code x} ({@code [N, 1, H, W]}). */
  public static Path predictionGrid(Tensor x, long[] predicted, Tensor y, List<String> classNames, int n, Path file) {
    int k = Math.min(n, x.size(0));
    int h = x.size(2);
    int w = x.size(3);
    float[] flat = x.narrow(0, 0, k).contiguous().toFloatArray();
    float[][] images = IntStream.range(0, k).mapToObj(i -> Arrays.copyOfRange(flat, i * h * w, (i + 1) * h * w)).toArray(float[][]::new);
    long[] truth = y.narrow(0, 0, k).toLongArray();
    return imageGrid(images, h, w, Arrays.copyOf(predicted, k), truth, classNames, file, 10);
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    return c;
  }

  private static double[] toArray(List<Double> values) { return toArray(values, 1); }

  private static double[] toArray(List<Double> values, double factor) {
    return values.stream().mapToDouble(v -> v * factor).toArray();
  }

  private static Path save(XYChart chart, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
