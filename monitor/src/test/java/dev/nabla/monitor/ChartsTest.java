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
  void anEmptyHistoryHasNothingToDraw() {
    assertEquals("the history has no epochs to draw", assertThrows(
        IllegalArgumentException.class, () -> Charts.figures(new TrainingHistory())).getMessage());
  }
}
