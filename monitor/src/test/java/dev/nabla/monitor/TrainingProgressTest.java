package dev.nabla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.optim.Sgd;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
  private static final String NUMBER = "\\d+\\.\\d{4}";
  private static final String TIMING = "  \\d+\\.\\d\\d s  \\d+ samples/s";

  /** What a terminal shows: each carriage return moves back to the line start to overwrite. */
  static List<String> shownOnTerminal(String output) {
    List<String> lines = new ArrayList<>();
    for (String raw : output.split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      int column = 0;
      for (char c : raw.toCharArray()) {
        if (c == '\r') {
          column = 0;
        } else {
          if (column < line.length()) {
            line.setCharAt(column, c);
          } else {
            line.append(c);
          }
          column++;
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static TrainingResult train(TrainingProgress progress, TrainingHistory history) {
    Dataset train = Clusters.data(40, 1);
    progress.showing(history);
    return progress.attachTo(new Trainer(new ClustersModel(16), new Sgd(0.05), 3).batchSize(16))
        .fit(train);
  }

  @Test
  void linesModePrintsOneSummaryLinePerEpoch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrainingHistory history = new TrainingHistory().trackAccuracy("test accuracy",
        Clusters.data(10, 2));
    TrainingResult result = train(TrainingProgress.lines(3, out), history);

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(!output.contains("\r"), "no bar drawn: " + output);
    List<String> lines = output.lines().toList();
    assertEquals(3, lines.size(), output);
    for (int epoch = 1; epoch <= 3; epoch++) {
      String line = lines.get(epoch - 1);
      String expectedStart = String.format(Locale.ROOT, "epoch %d/3  loss %.4f  test accuracy "
          + "%.4f", epoch, result.lossHistory()[epoch - 1],
          history.values("test accuracy")[epoch - 1]);
      assertTrue(line.startsWith(expectedStart), line + " starts with " + expectedStart);
      assertTrue(line.matches("epoch \\d/3  loss " + NUMBER + "  test accuracy " + NUMBER
          + TIMING), line);
    }
  }

  @Test
  void barsModeDrawsABarPerEpochThatTheSummaryLineReplaces() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    train(TrainingProgress.bars(3, out, 100), new TrainingHistory());

    String output = bytes.toString(StandardCharsets.UTF_8);
    // The bar's last frame (drawn when the epoch closes): every batch done, with loss and speed.
    assertTrue(output.matches("(?s).*\repoch 1/3 100% \\[=+\\] 8/8 \\(.*\\) loss " + NUMBER
        + ", \\d+ samples/s.*"), output);
    List<String> shown = shownOnTerminal(output);
    assertEquals(4, shown.size(), output);
    assertEquals("", shown.get(3), "the output ends with a line break");
    for (int epoch = 1; epoch <= 3; epoch++) {
      assertTrue(shown.get(epoch - 1).matches("epoch " + epoch + "/3  loss " + NUMBER + TIMING),
          "what the terminal shows after epoch " + epoch + ": " + shown.get(epoch - 1));
    }
  }

  @Test
  void theModePropertyOverridesTerminalDetection() {
    String saved = System.getProperty(TrainingProgress.MODE_PROPERTY);
    try {
      System.setProperty(TrainingProgress.MODE_PROPERTY, "fancy");
      assertEquals("nabla.progress must be bars or lines, got \"fancy\"", assertThrows(
          IllegalArgumentException.class, () -> TrainingProgress.toConsole(3)).getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(TrainingProgress.MODE_PROPERTY);
      } else {
        System.setProperty(TrainingProgress.MODE_PROPERTY, saved);
      }
    }
    // Surefire's forked JVM writes to a pipe, not a terminal.
    assertTrue(!TrainingProgress.outputIsTerminal());
    assertThrows(IllegalArgumentException.class, () -> TrainingProgress.lines(0, System.out));
  }
}
