package dev.dl.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Grouped bar charts for the report, written as PNG with XChart (headless). */
final class Charts {
  private Charts() {}

  /**
   * Writes a bar chart with one group per row label and one bar per series. A series without a
   * value for a row gets no bar there (XChart skips nulls).
   */
  static void bars(Path png, String title, String yTitle, List<String> rows, Map<String, List<Double>> series)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(960).height(480).title(title).yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(rows.size() > 6 ? 30 : 0);
    chart.getStyler().setYAxisDecimalPattern("#,##0.##");
    for (Map.Entry<String, List<Double>> s : series.entrySet()) chart.addSeries(s.getKey(), rows, s.getValue());
    String name = png.getFileName().toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, png.resolveSibling(base).toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
