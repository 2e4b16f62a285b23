package dev.nabla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.optim.Sgd;
import dev.nabla.train.Trainer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @Test
  void writesALossAndAnAccuracyFigureAsPngAndSvg(@TempDir Path dir) throws Exception {
    Dataset train = Clusters.data(20, 1);
    Dataset test = Clusters.data(10, 2);
    TrainingHistory history = new TrainingHistory()
        .trackLoss("test loss", test)
        .trackAccuracy("train accuracy", train)
        .trackAccuracy("test accuracy", test);
    new Trainer(new ClustersModel(16), new Sgd(0.05), 6).batchSize(16).onEpoch(history)
        .fit(train);

    Map<String, LineChart> figures = Charts.figures(history);
    assertEquals(List.of("loss", "accuracy"), List.copyOf(figures.keySet()));
    List<Path> written = Charts.write(history, dir);
    assertEquals(List.of(dir.resolve("loss.png"), dir.resolve("loss.svg"),
        dir.resolve("accuracy.png"), dir.resolve("accuracy.svg")), written);
    for (Path png : List.of(written.get(0), written.get(2))) {
      BufferedImage image = LineChartTest.decodePng(Files.readAllBytes(png));
      assertEquals(640, image.getWidth());
      assertEquals(400, image.getHeight());
      int coloured = LineChartTest.colouredPixelsInPlotArea(image);
      assertTrue(coloured >= 200, png + ": coloured pixels in the plot area: " + coloured);
    }
    for (Path svg : List.of(written.get(1), written.get(3))) {
      // Two series in each figure: two lines and six markers each.
      int paths = LineChartTest.parseSvg(Files.readAllBytes(svg))
          .getElementsByTagName("path").getLength();
      assertTrue(paths >= 2 + 2 * 6, svg + ": path elements " + paths);
    }
  }

  @Test
  void theOverviewPutsEveryFigureSideBySideInOnePng(@TempDir Path dir) throws Exception {
    Dataset train = Clusters.data(20, 1);
    TrainingHistory history = new TrainingHistory().trackAccuracy("train accuracy", train);
    new Trainer(new ClustersModel(16), new Sgd(0.05), 4).batchSize(16).onEpoch(history)
        .fit(train);
    Path png = dir.resolve("docs").resolve("curves.png");
    Charts.writeOverview(history, png, 300, 200);

    BufferedImage image = LineChartTest.decodePng(Files.readAllBytes(png));
    assertEquals(600, image.getWidth());
    assertEquals(200, image.getHeight());
    for (int panel = 0; panel < 2; panel++) {
      BufferedImage half = image.getSubimage(300 * panel, 0, 300, 200);
      int coloured = LineChartTest.colouredPixelsInPlotArea(half);
      assertTrue(coloured >= 50, "coloured pixels in the plot area of panel " + panel + ": "
          + coloured);
    }
  }

  @Test
  void chartsOfDifferentSizesAreNotPutSideBySide() {
    LineChart small = new LineChart("a", "x", "y").series("s", new double[] {1},
        new double[] {1}).size(300, 200);
    LineChart large = new LineChart("b", "x", "y").series("s", new double[] {1},
        new double[] {1});
    assertEquals("charts side by side must share a size: \"a\" is 300 x 200, \"b\" 640 x 400",
        assertThrows(IllegalArgumentException.class,
            () -> LineChart.pngSideBySide(List.of(small, large))).getMessage());
  }

  @Test
  void anEmptyHistoryHasNothingToDraw() {
    assertEquals("the history has no epochs to draw", assertThrows(
        IllegalArgumentException.class, () -> Charts.figures(new TrainingHistory())).getMessage());
  }
}
