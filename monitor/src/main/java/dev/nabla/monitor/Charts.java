package dev.nabla.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of a {@link TrainingHistory}: one line chart per figure, epochs on the x axis. */
public final class Charts {
  private Charts() {}

  /**
   * One chart per figure of the history (e.g. {@code "loss"} with the training and test losses,
   * {@code "accuracy"} with the accuracies), keyed by figure name, to adjust (log scale, size)
   * before writing.
   *
   * @throws IllegalArgumentException if the history has no epochs, or a value is not finite
   */
  public static Map<String, LineChart> figures(TrainingHistory history) {
    if (history.epochs() == 0) {
      throw new IllegalArgumentException("the history has no epochs to draw");
    }
    double[] epochs = new double[history.epochs()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = i + 1;
    }
    Map<String, LineChart> charts = new LinkedHashMap<>();
    for (String name : history.names()) {
      String figure = history.figure(name);
      charts.computeIfAbsent(figure, f -> new LineChart(capitalized(f) + " per epoch", "epoch", f))
          .series(name, epochs, history.values(name));
    }
    return charts;
  }

  /**
   * Writes every figure of the history into {@code dir} as {@code FIGURE.png} and
   * {@code FIGURE.svg} (e.g. loss.png, loss.svg, accuracy.png, accuracy.svg), each atomically;
   * returns the files written.
   */
  public static List<Path> write(TrainingHistory history, Path dir) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, LineChart> chart : figures(history).entrySet()) {
      written.addAll(chart.getValue().write(dir, chart.getKey().replaceAll("[^A-Za-z0-9._-]", "-")));
    }
    return written;
  }

  /**
   * Writes every figure of the history side by side into one PNG image, each {@code width} ×
   * {@code height} pixels, atomically (e.g. the picture of a run for a README).
   *
   * @throws IllegalArgumentException if the history has no epochs or the size is out of range
   */
  public static void writeOverview(TrainingHistory history, Path png, int width, int height)
      throws IOException {
    List<LineChart> charts = new ArrayList<>();
    for (LineChart chart : figures(history).values()) {
      charts.add(chart.size(width, height));
    }
    AtomicFiles.write(png, LineChart.pngSideBySide(charts));
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
