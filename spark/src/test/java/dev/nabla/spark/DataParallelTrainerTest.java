package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DataParallelTrainerTest {
  /** 101 rows in two partitions of 50 and 51 rows (parallelize slices the list in order). */
  private static final TestData DATA = new TestData(101, 5);
  private static final int BATCH = 16;
  private static final int EPOCHS = 2;

  /**
   * Single-process training on the global batches the trainer forms: each step rows
   * [step·8, step·8 + 8) of each partition's order for the epoch, partition 0's first; in the
   * last step of an epoch partition 0 gives 2 rows and partition 1 gives 3.
   */
  private static double[] trainInOneProcess(TinyNetModel model, Optimizer optimizer, long seed) {
    int[] starts = {0, 50};
    int[] sizes = {50, 51};
    double[] losses = new double[EPOCHS];
    float[] x = new float[BATCH * 6];
    int[] labels = new int[BATCH];
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      int[][] orders = new int[2][];
      for (int p = 0; p < 2; p++) {
        orders[p] = new Shard(p, 6, new float[sizes[p] * 6], new int[sizes[p]])
            .order(seed, epoch).clone();
      }
      double lossSum = 0;
      for (int step = 0; step * 8 < 51; step++) {
        int rows = 0;
        for (int p = 0; p < 2; p++) {
          for (int k = step * 8; k < Math.min(step * 8 + 8, sizes[p]); k++) {
            int row = starts[p] + orders[p][k];
            System.arraycopy(DATA.x, row * 6, x, rows * 6, 6);
            labels[rows++] = DATA.labels[row];
          }
        }
        lossSum += (double) model.trainStep(x, labels, rows, optimizer) * rows;
      }
      losses[epoch] = lossSum / DATA.rows();
    }
    return losses;
  }

  private static void assertTrainsAsOneProcess(Optimizer distributed, Optimizer single,
      long seed) {
    TinyNetModel model = new TinyNetModel(BATCH);
    DataParallelTrainer trainer = new DataParallelTrainer(model, distributed, BATCH);
    if (seed >= 0) {
      trainer.shuffle(seed);
    }
    List<String> epochs = new ArrayList<>();
    double[] losses = trainer.fit(DATA.frame(2), EPOCHS,
        (epoch, loss, validationLoss, trained) -> epochs.add(epoch + ": " + loss + ", "
            + validationLoss + (trained == model ? "" : ", another model")));
    assertEquals(List.of("1: " + (float) losses[0] + ", NaN", "2: " + (float) losses[1] + ", NaN"),
        epochs);

    TinyNetModel reference = new TinyNetModel(BATCH);
    double[] expectedLosses = trainInOneProcess(reference, single, seed);
    assertArrayEquals(expectedLosses, losses, 1e-5);
    float[] expected = reference.parameters();
    float[] actual = model.parameters();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f, "parameter " + i);
    }
    assertTrue(losses[1] < losses[0], Arrays.toString(losses));
  }

  @Test
  void matchesSingleProcessTrainingWithSgd() {
    assertTrainsAsOneProcess(new Sgd(0.5f), new Sgd(0.5f), -1);
  }

  @Test
  void matchesSingleProcessTrainingWithAdamOnShuffledBatches() {
    assertTrainsAsOneProcess(new Adam(0.01f), new Adam(0.01f), 42);
  }

  @Test
  void refusesABadLabelBeforeTouchingTheModel() {
    TinyNetModel model = new TinyNetModel(BATCH);
    float[] before = model.parameters().clone();
    Dataset<Row> frame = DATA.frame(2).selectExpr("features", "label + 0.5 AS label");
    Exception e = assertThrows(Exception.class,
        () -> new DataParallelTrainer(model, new Sgd(0.1f), BATCH).fit(frame, 1));
    assertTrue(e.getMessage().matches("(?s).*label column 'label' has [012]\\.5; the model's"
        + " labels are class indices 0 to 2.*"), e.getMessage());
    assertArrayEquals(before, model.parameters());
  }

  @Test
  void refusesAMissingLabelColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DataParallelTrainer(new TinyNetModel(BATCH), new Sgd(0.1f), BATCH)
            .labelCol("class").fit(DATA.frame(1), 1));
    assertTrue(e.getMessage().startsWith("no numeric label column 'class' in"), e.getMessage());
  }
}
