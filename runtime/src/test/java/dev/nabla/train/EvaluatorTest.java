package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.data.Dataset;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  /** x = −3 … 4 (no 0); with W = [−1, 1] the model predicts class 1 exactly when x > 0. */
  private static final float[] X = {-3, -2, -1, 1, 2, 3, 4};
  private static final int[] LABELS = {0, 0, 1, 1, 1, 0, 1};

  private static LinearSoftmaxModel signClassifier(int maxBatch) {
    LinearSoftmaxModel model = new LinearSoftmaxModel(1, 2, maxBatch);
    model.parameters()[0] = -1;
    model.parameters()[1] = 1;
    return model;
  }

  @Test
  void accuracyCountsCorrectPredictionsAcrossChunks() {
    Dataset data = Dataset.withLabels(X, 1, LABELS);
    // Rows 2 and 5 are mislabelled relative to the sign rule; chunks are 3 + 3 + 1 rows.
    assertEquals(5.0 / 7, Trainer.accuracy(signClassifier(3), data));
    assertEquals(5.0 / 7, Trainer.accuracy(signClassifier(100), data));
  }

  @Test
  void lossOverChunksEqualsTheLossOverAllRowsAtOnce() {
    Dataset data = Dataset.withLabels(X, 1, LABELS);
    float whole = signClassifier(7).loss(X, LABELS, 7);
    assertEquals(whole, new Evaluator(signClassifier(3), data).loss(), 1e-6f);
    assertEquals(whole, new Evaluator(signClassifier(2), data.oneHotTargets(2)).loss(), 1e-6f);
  }

  @Test
  void accuracyNeedsLabels() {
    Dataset targetsOnly = Dataset.withTargets(X, 1, new float[14], 2);
    Evaluator evaluator = new Evaluator(signClassifier(3), targetsOnly);
    assertThrows(IllegalArgumentException.class, evaluator::accuracy);
  }
}
