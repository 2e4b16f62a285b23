package dev.nabla.monitor;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of named (x, y) series, written as PNG or SVG (rendered by XChart; no display
 * needed). Every series is checked when added, so writing cannot fail on the data.
 *
 * <pre>{@code
 * new LineChart("Weight decay", "epoch", "loss")
 *     .series("train", epochs, trainLoss)
 *     .series("test", epochs, testLoss)
 *     .logarithmicY()
 *     .write(Path.of("plots"), "loss");   // plots/loss.png and plots/loss.svg
 * }</pre>
 */
public final class LineChart {
  private static final int MIN_SIZE = 50;
  private static final int MAX_SIZE = 10_000;

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final List<Series> series = new ArrayList<>();
  private int width = 640;
  private int height = 400;
  private boolean logarithmicY;

  private record Series(String name, double[] x, double[] y) {}

  public LineChart(String title, String xTitle, String yTitle) {
    this.title = Objects.requireNonNull(title, "title");
    this.xTitle = Objects.requireNonNull(xTitle, "xTitle");
    this.yTitle = Objects.requireNonNull(yTitle, "yTitle");
  }

  /**
   * Adds a series drawn as a line with markers; the arrays are copied.
   *
   * @throws IllegalArgumentException if the name is blank or taken, the arrays differ in length
   *     or are empty, a value is not finite, or (on a logarithmic y axis) a y value is not positive
   */
  public LineChart series(String name, double[] x, double[] y) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a series needs a name");
    }
    for (Series existing : series) {
      if (existing.name.equals(name)) {
        throw new IllegalArgumentException("the chart already has a series \"" + name + "\"");
      }
    }
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("series \"" + name + "\" needs as many x as y values, "
          + "at least one; got " + x.length + " x and " + y.length + " y");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException("series \"" + name + "\" has a non-finite point " + i
            + ": (" + x[i] + ", " + y[i] + ")");
      }
    }
    Series added = new Series(name, x.clone(), y.clone());
    if (logarithmicY) {
      requirePositive(added);
    }
    series.add(added);
    return this;
  }

  /**
   * Draws the y axis on a log scale (for losses that fall over decades).
   *
   * @throws IllegalArgumentException if a series already added has a y value that is not positive
   */
  public LineChart logarithmicY() {
    for (Series existing : series) {
      requirePositive(existing);
    }
    logarithmicY = true;
    return this;
  }

  private static void requirePositive(Series checked) {
    for (int i = 0; i < checked.y.length; i++) {
      if (checked.y[i] <= 0) {
        throw new IllegalArgumentException("series \"" + checked.name + "\" has y = "
            + checked.y[i] + " at point " + i + ", which a logarithmic axis cannot show");
      }
    }
  }

  /**
   * Image size in pixels (SVG: in points); 640 × 400 by default.
   *
   * @throws IllegalArgumentException unless both lie in [50, 10000]
   */
  public LineChart size(int width, int height) {
    if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
      throw new IllegalArgumentException("chart size must be between " + MIN_SIZE + " and "
          + MAX_SIZE + " in each direction, got " + width + " x " + height);
    }
    this.width = width;
    this.height = height;
    return this;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * The chart as a PNG image.
   *
   * @throws IllegalStateException if the chart has no series
   */
  public byte[] png() {
    try {
      return BitmapEncoder.getBitmapBytes(render(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding failed in memory", e);
    }
  }

  /**
   * {@code charts} side by side in one PNG image (for a README: one picture of all the curves).
   *
   * @throws IllegalArgumentException if the list is empty or the charts differ in size
   * @throws IllegalStateException if a chart has no series
   */
  public static byte[] pngSideBySide(List<LineChart> charts) {
    if (charts.isEmpty()) {
      throw new IllegalArgumentException("no charts to put side by side");
    }
    for (LineChart chart : charts) {
      if (chart.width != charts.get(0).width || chart.height != charts.get(0).height) {
        throw new IllegalArgumentException("charts side by side must share a size: \""
            + charts.get(0).title + "\" is " + charts.get(0).width + " x "
            + charts.get(0).height + ", \"" + chart.title + "\" " + chart.width + " x "
            + chart.height);
      }
    }
    List<XYChart> rendered = charts.stream().map(LineChart::render).toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      BitmapEncoder.saveBitmap(rendered, 1, rendered.size(), out, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding failed in memory", e);
    }
    return out.toByteArray();
  }

  /**
   * The chart as an SVG document.
   *
   * @throws IllegalStateException if the chart has no series
   */
  public byte[] svg() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(render(), out,
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new IllegalStateException("SVG encoding failed in memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes {@code baseName.png} and {@code baseName.svg} into {@code dir} (created if missing),
   * each atomically; returns their paths. Both images are rendered before either is written.
   *
   * @throws IllegalStateException if the chart has no series
   */
  public List<Path> write(Path dir, String baseName) throws IOException {
    if (baseName.isBlank() || baseName.contains("/") || baseName.contains("\\")) {
      throw new IllegalArgumentException("the base name must be a plain file name, got \""
          + baseName + "\"");
    }
    byte[] pngBytes = png();
    byte[] svgBytes = svg();
    Path png = dir.resolve(baseName + ".png");
    Path svg = dir.resolve(baseName + ".svg");
    AtomicFiles.write(png, pngBytes);
    AtomicFiles.write(svg, svgBytes);
    return List.of(png, svg);
  }

  private XYChart render() {
    if (series.isEmpty()) {
      throw new IllegalStateException("chart \"" + title + "\" has no series to draw");
    }
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    // Below the plot, where it cannot hide a curve.
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisLogarithmic(logarithmicY);
    for (Series drawn : series) {
      XYSeries line = chart.addSeries(drawn.name, drawn.x, drawn.y);
      line.setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }
}
