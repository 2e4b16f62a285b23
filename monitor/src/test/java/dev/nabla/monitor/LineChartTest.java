package dev.nabla.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class LineChartTest {
  private static final double[] EPOCHS = {1, 2, 3, 4, 5, 6};

  private static LineChart twoLosses() {
    return new LineChart("Loss per epoch", "epoch", "loss")
        .series("train", EPOCHS, new double[] {2.3, 0.9, 0.2, 0.05, 0.01, 0.002})
        .series("test", EPOCHS, new double[] {2.4, 1.1, 0.6, 0.5, 0.55, 0.6});
  }

  static BufferedImage decodePng(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image != null, "ImageIO decodes the PNG");
    return image;
  }

  /**
   * Pixels in the middle half of the image (inside the plot area) that are clearly coloured:
   * lines and markers, not the white background, black text or grey grid.
   */
  static int colouredPixelsInPlotArea(BufferedImage image) {
    int coloured = 0;
    for (int y = image.getHeight() / 4; y < 3 * image.getHeight() / 4; y++) {
      for (int x = image.getWidth() / 4; x < 3 * image.getWidth() / 4; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
          coloured++;
        }
      }
    }
    return coloured;
  }

  static Set<Integer> colours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours;
  }

  static Document parseSvg(byte[] svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
  }

  @Test
  void thePngHasTheRequestedSizeAndShowsTheLines() throws IOException {
    BufferedImage image = decodePng(twoLosses().size(500, 320).png());
    assertEquals(500, image.getWidth());
    assertEquals(320, image.getHeight());
    assertTrue(colours(image).size() >= 8, "distinct colours: " + colours(image).size());
    int coloured = colouredPixelsInPlotArea(image);
    assertTrue(coloured >= 200, "coloured pixels of lines and markers in the plot area: "
        + coloured);
  }

  @Test
  void theSvgIsXmlWithAPathPerLineAndTheRequestedSize() throws Exception {
    Document svg = parseSvg(twoLosses().size(500, 320).svg());
    assertEquals("svg", svg.getDocumentElement().getTagName());
    assertTrue(svg.getDocumentElement().getAttribute("width").startsWith("500"),
        "width " + svg.getDocumentElement().getAttribute("width"));
    assertTrue(svg.getDocumentElement().getAttribute("height").startsWith("320"),
        "height " + svg.getDocumentElement().getAttribute("height"));
    int paths = svg.getElementsByTagName("path").getLength();
    assertTrue(paths >= 2 + 2 * EPOCHS.length, "path elements (lines and markers): " + paths);
  }

  @Test
  void aLogarithmicAxisDrawsAndRefusesNonPositiveValues() throws IOException {
    LineChart chart = twoLosses().logarithmicY();
    assertTrue(colouredPixelsInPlotArea(decodePng(chart.png())) >= 200);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> chart.series("zero", EPOCHS, new double[] {1, 1, 0, 1, 1, 1}));
    assertEquals("series \"zero\" has y = 0.0 at point 2, which a logarithmic axis cannot show",
        error.getMessage());
    LineChart linear = new LineChart("t", "x", "y").series("negative", new double[] {1},
        new double[] {-1});
    assertThrows(IllegalArgumentException.class, linear::logarithmicY);
  }

  @Test
  void badSeriesAreRejectedWithWhatIsWrong() {
    LineChart chart = twoLosses();
    assertEquals("series \"nan\" has a non-finite point 1: (2.0, NaN)",
        assertThrows(IllegalArgumentException.class, () -> chart.series("nan",
            new double[] {1, 2}, new double[] {1, Double.NaN})).getMessage());
    assertEquals("series \"short\" needs as many x as y values, at least one; got 2 x and 1 y",
        assertThrows(IllegalArgumentException.class, () -> chart.series("short",
            new double[] {1, 2}, new double[] {1})).getMessage());
    assertEquals("the chart already has a series \"train\"",
        assertThrows(IllegalArgumentException.class, () -> chart.series("train",
            new double[] {1}, new double[] {1})).getMessage());
    assertThrows(IllegalArgumentException.class, () -> chart.size(49, 400));
    assertThrows(IllegalStateException.class, () -> new LineChart("t", "x", "y").png());
  }

  @Test
  void theArraysAreCopied() throws IOException {
    double[] y = {1, 2, 3};
    LineChart chart = new LineChart("t", "x", "y").series("s", new double[] {1, 2, 3}, y);
    byte[] before = chart.png();
    y[1] = 1e6;
    assertArrayEquals(before, chart.png());
  }

  @Test
  void writeReplacesBothFilesAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path plots = dir.resolve("plots");
    List<Path> written = twoLosses().write(plots, "loss");
    assertEquals(List.of(plots.resolve("loss.png"), plots.resolve("loss.svg")), written);
    written = twoLosses().size(300, 200).write(plots, "loss");
    assertEquals(300, decodePng(Files.readAllBytes(written.get(0))).getWidth());
    parseSvg(Files.readAllBytes(written.get(1)));
    try (Stream<Path> files = Files.list(plots)) {
      assertEquals(List.of("loss.png", "loss.svg"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertThrows(IllegalArgumentException.class, () -> twoLosses().write(plots, "a/b"));
  }
}
