package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final double EXACT = 1e-12;

  /**
   * Rows actual, columns predicted: cat [5 2 1], dog [1 6 0], bird [0 3 2]; 20 examples, 13
   * right.
   */
  private static ConfusionMatrix pets() {
    ConfusionMatrix matrix = new ConfusionMatrix(List.of("cat", "dog", "bird"));
    long[][] counts = {{5, 2, 1}, {1, 6, 0}, {0, 3, 2}};
    for (int actual = 0; actual < 3; actual++) {
      for (int predicted = 0; predicted < 3; predicted++) {
        for (long n = 0; n < counts[actual][predicted]; n++) {
          matrix.add(actual, predicted);
        }
      }
    }
    return matrix;
  }

  @Test
  void metricsMatchTheHandWorkedValues() {
    ConfusionMatrix matrix = pets();
    assertEquals(20, matrix.total());
    assertEquals(0.65, matrix.accuracy(), EXACT);
    // Predicted as cat, dog, bird: 6, 11, 3. Supports: 8, 7, 5.
    assertEquals(6, matrix.predictedAs(0));
    assertEquals(11, matrix.predictedAs(1));
    assertEquals(5, matrix.support(2));
    assertEquals(5.0 / 6, matrix.precision(0), EXACT);
    assertEquals(6.0 / 11, matrix.precision(1), EXACT);
    assertEquals(2.0 / 3, matrix.precision(2), EXACT);
    assertEquals(5.0 / 8, matrix.recall(0), EXACT);
    assertEquals(6.0 / 7, matrix.recall(1), EXACT);
    assertEquals(2.0 / 5, matrix.recall(2), EXACT);
    // F1 = 2·TP / (predicted + support): 10/14, 12/18, 4/8.
    assertEquals(5.0 / 7, matrix.f1(0), EXACT);
    assertEquals(2.0 / 3, matrix.f1(1), EXACT);
    assertEquals(0.5, matrix.f1(2), EXACT);
    assertEquals((5.0 / 6 + 6.0 / 11 + 2.0 / 3) / 3, matrix.macroPrecision(), EXACT);
    assertEquals((5.0 / 8 + 6.0 / 7 + 2.0 / 5) / 3, matrix.macroRecall(), EXACT);
    assertEquals((5.0 / 7 + 2.0 / 3 + 0.5) / 3, matrix.macroF1(), EXACT);
  }

  @Test
  void aClassNeverPredictedOrNeverSeenScoresZeroNotNaN() {
    ConfusionMatrix matrix = new ConfusionMatrix(3);
    matrix.add(new int[] {0, 1, 1}, new int[] {0, 0, 1}, 3);
    // Class 2 never occurs and is never predicted; class 1 is recalled half the time.
    assertEquals(0, matrix.precision(2));
    assertEquals(0, matrix.recall(2));
    assertEquals(0, matrix.f1(2));
    assertEquals(0.5, matrix.precision(0), EXACT);
    assertEquals((0.5 + 1 + 0) / 3, matrix.macroPrecision(), EXACT);
    assertEquals(0, new ConfusionMatrix(2).accuracy());
    assertTrue(matrix.toString().startsWith("""
        rows: actual class, columns: predicted class
                  0 1 2
        0         1 0 0
        1         1 1 0
        2         0 0 0
        """), "classes without names of their own are shown by number once:\n" + matrix);
  }

  @Test
  void theTableShowsTheMatrixAndTheReport() {
    assertEquals("""
        rows: actual class, columns: predicted class
                   0  1  2
        0 cat      5  2  1
        1 dog      1  6  0
        2 bird     0  3  2

                  precision    recall        f1   support
        0 cat        0.8333    0.6250    0.7143         8
        1 dog        0.5455    0.8571    0.6667         7
        2 bird       0.6667    0.4000    0.5000         5
        macro avg    0.6818    0.6274    0.6270        20
        accuracy                         0.6500        20
        """, pets().toString());
  }

  @Test
  void aBadPairIsRejectedWithItsRowAndCountsNothing() {
    ConfusionMatrix matrix = pets();
    String before = matrix.toString();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> matrix.add(new int[] {0, 1, 2}, new int[] {0, 1, 3}, 3));
    assertEquals("predicted class 3 in row 2 is outside [0, 3)", error.getMessage());
    assertEquals(before, matrix.toString());
    assertThrows(IllegalArgumentException.class, () -> matrix.add(-1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> matrix.add(new int[2], new int[3], 3));
    assertEquals(before, matrix.toString());
    assertEquals("classes 0 and 2 are both named \"a\"", assertThrows(
        IllegalArgumentException.class,
        () -> new ConfusionMatrix(List.of("a", "b", "a"))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(1));
  }

  @Test
  void theEvaluatorCountsAModelsPredictionsAcrossChunks() {
    // The sign classifier predicts 1 exactly when x > 0: rows 2 (a 1 taken for 0) and 5 (a 0
    // taken for 1) are its mistakes.
    float[] x = {-3, -2, -1, 1, 2, 3, 4};
    int[] labels = {0, 0, 1, 1, 1, 0, 1};
    LinearSoftmaxModel model = new LinearSoftmaxModel(1, 2, 3);
    model.parameters()[0] = -1;
    model.parameters()[1] = 1;
    ConfusionMatrix matrix = ConfusionMatrix.of(model, Dataset.withLabels(x, 1, labels));
    assertEquals(2, matrix.count(0, 0));
    assertEquals(1, matrix.count(0, 1));
    assertEquals(1, matrix.count(1, 0));
    assertEquals(3, matrix.count(1, 1));
    assertEquals(Trainer.accuracy(model, Dataset.withLabels(x, 1, labels)), matrix.accuracy());

    Evaluator threeClasses =
        new Evaluator(new LinearSoftmaxModel(1, 3, 3), Dataset.withLabels(x, 1, labels));
    ConfusionMatrix tooSmall = new ConfusionMatrix(2);
    assertEquals("the matrix has 2 classes but the model predicts 3 and the labels go up to 1",
        assertThrows(IllegalArgumentException.class,
            () -> threeClasses.addPredictionsTo(tooSmall)).getMessage());
    assertEquals(0, tooSmall.total());
  }

  @Test
  void countingAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    float[] x = new float[64];
    int[] labels = new int[64];
    for (int row = 0; row < 64; row++) {
      x[row] = row - 31.5f;
      labels[row] = row % 2;
    }
    LinearSoftmaxModel model = new LinearSoftmaxModel(1, 2, 16);
    Evaluator evaluator = new Evaluator(model, Dataset.withLabels(x, 1, labels));
    ConfusionMatrix matrix = new ConfusionMatrix(2);
    long allocated = Long.MAX_VALUE;
    // The JIT may still be settling (later under load), so a few measurements are allowed.
    for (int attempt = 0; attempt < 10 && allocated > 0; attempt++) {
      for (int warmUp = 0; warmUp < 2000; warmUp++) {
        matrix.clear();
        evaluator.addPredictionsTo(matrix);
        matrix.add(labels, labels, 64);
      }
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int run = 0; run < 100; run++) {
        matrix.clear();
        evaluator.addPredictionsTo(matrix);
        matrix.add(labels, labels, 64);
      }
      allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }
    assertEquals(0, allocated, "bytes allocated by 100 rounds of counting");
    assertTrue(matrix.total() == 128, "the last round counted 64 predictions and 64 pairs");
  }
}
