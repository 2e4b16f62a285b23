package dev.nabla.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.optim.Sgd;
import dev.nabla.train.Evaluator;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {
  private static double[] doubles(float[] values) {
    double[] widened = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      widened[i] = values[i];
    }
    return widened;
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void recordsTheTrainersLossesAndEveryTrackedMetricPerEpoch() {
    Dataset train = Clusters.data(20, 1);
    Dataset validation = Clusters.data(10, 2);
    Dataset test = Clusters.data(10, 3);
    ClustersModel model = new ClustersModel(16);
    TrainingHistory history = new TrainingHistory()
        .trackLoss("test loss", test)
        .trackAccuracy("train accuracy", train)
        .trackAccuracy("test accuracy", test);
    List<Double> testLoss = new ArrayList<>();
    List<Double> testAccuracy = new ArrayList<>();
    TrainingResult result = new Trainer(model, new Sgd(0.05), 5).batchSize(16)
        .validation(validation, 100)
        .onEpoch((epoch, loss, validationLoss, m) -> {
          history.onEpoch(epoch, loss, validationLoss, m);
          testLoss.add((double) new Evaluator(m, test).loss());
          testAccuracy.add(Trainer.accuracy(m, test));
        })
        .fit(train);

    assertEquals(5, history.epochs());
    assertEquals(List.of(TrainingHistory.TRAINING_LOSS, TrainingHistory.VALIDATION_LOSS,
        "test loss", "train accuracy", "test accuracy"), history.names());
    assertEquals(List.of(TrainingHistory.LOSS, TrainingHistory.ACCURACY), history.figures());
    assertEquals(TrainingHistory.ACCURACY, history.figure("test accuracy"));
    assertArrayEquals(doubles(result.lossHistory()),
        history.values(TrainingHistory.TRAINING_LOSS));
    assertArrayEquals(doubles(result.validationLossHistory()),
        history.values(TrainingHistory.VALIDATION_LOSS));
    assertArrayEquals(doubles(testLoss), history.values("test loss"));
    assertArrayEquals(doubles(testAccuracy), history.values("test accuracy"));
    assertEquals(testAccuracy.get(4), history.latest("test accuracy"));
    double[] trainAccuracy = history.values("train accuracy");
    assertTrue(trainAccuracy[4] > 0.9, "the model learned: train accuracy " + trainAccuracy[4]);
  }

  @Test
  void withoutAValidationSetThereIsNoValidationSeries() {
    TrainingHistory history = new TrainingHistory();
    new Trainer(new ClustersModel(64), new Sgd(0.05), 3).onEpoch(history)
        .fit(Clusters.data(10, 4));
    assertEquals(List.of(TrainingHistory.TRAINING_LOSS), history.names());
    assertEquals(3, history.values(TrainingHistory.TRAINING_LOSS).length);
    assertEquals("no series \"validation loss\"; recorded: [training loss]",
        assertThrows(IllegalArgumentException.class,
            () -> history.values(TrainingHistory.VALIDATION_LOSS)).getMessage());
  }

  @Test
  void aSecondRunIsRefusedAndLeavesTheHistoryAsItWas() {
    Dataset train = Clusters.data(10, 5);
    TrainingHistory history = new TrainingHistory().trackAccuracy("train accuracy", train);
    new Trainer(new ClustersModel(64), new Sgd(0.05), 2).onEpoch(history).fit(train);
    double[] before = history.values("train accuracy");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(new ClustersModel(64), new Sgd(0.05), 2).onEpoch(history).fit(train));
    assertEquals("the history holds 2 epochs, so the next is 3, not 1; use a new "
        + "TrainingHistory per run", error.getMessage());
    assertEquals(2, history.epochs());
    assertArrayEquals(before, history.values("train accuracy"));
    assertEquals("track \"late\" before the first epoch, so that every series covers every epoch",
        assertThrows(IllegalArgumentException.class,
            () -> history.track("late", "other", m -> 0)).getMessage());
  }

  @Test
  void badMetricsAreRejected() {
    TrainingHistory history = new TrainingHistory().track("norm", "weights", m -> 1);
    assertEquals("the history already has a series \"norm\"", assertThrows(
        IllegalArgumentException.class, () -> history.track("norm", "x", m -> 1)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> history.track(TrainingHistory.TRAINING_LOSS, TrainingHistory.LOSS, m -> 1));
    Dataset targetsOnly = Dataset.withTargets(new float[4], 2, new float[6], 3);
    assertEquals("accuracy \"acc\" needs a data set with labels", assertThrows(
        IllegalArgumentException.class,
        () -> history.trackAccuracy("acc", targetsOnly)).getMessage());
  }
}
