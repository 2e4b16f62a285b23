package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.NablaModel;
import dev.nabla.data.Dataset;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import dev.nabla.optim.LearningRateSchedule;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RmsProp;
import dev.nabla.optim.Sgd;
import dev.nabla.optim.WeightDecay;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** Three well-separated 2-D clusters around (4, 0), (−4, 4), (0, −4); {@code perClass} each. */
  static Dataset clusters(int perClass, long seed) {
    float[][] centres = {{4, 0}, {-4, 4}, {0, -4}};
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 3 * perClass;
    float[] features = new float[rows * 2];
    int[] labels = new int[rows];
    for (int row = 0; row < rows; row++) {
      int label = row % 3;
      labels[row] = label;
      features[2 * row] = centres[label][0] + (float) random.nextGaussian();
      features[2 * row + 1] = centres[label][1] + (float) random.nextGaussian();
    }
    return Dataset.withLabels(features, 2, labels);
  }

  /** One dummy feature per row and alternating labels, for the scripted model. */
  private static Dataset dummy(int rows) {
    int[] labels = new int[rows];
    for (int row = 0; row < rows; row++) {
      labels[row] = row % 2;
    }
    return Dataset.withLabels(new float[rows], 1, labels);
  }

  private static String rejection(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  @Test
  void fullBatchLossDecreasesEveryEpochOnSeparableData() {
    Dataset train = clusters(30, 1);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 128);
    TrainingResult result = new Trainer(model, new Sgd(0.1), 60).fit(train);

    float[] history = result.lossHistory();
    assertEquals(60, result.epochsRun());
    assertEquals(60, history.length);
    assertEquals((float) Math.log(3), history[0], 1e-6f, "zero weights predict uniformly");
    for (int epoch = 1; epoch < history.length; epoch++) {
      assertTrue(history[epoch] < history[epoch - 1], "loss fell in epoch " + (epoch + 1));
    }
    assertTrue(result.finalLoss() < 0.1f, "final loss " + result.finalLoss());
    assertEquals(60, result.bestEpoch());
    assertEquals(result.finalLoss(), result.bestLoss());
    assertFalse(result.validated());
    assertFalse(result.stoppedEarly());
    assertEquals(1.0, Trainer.accuracy(model, train));
    assertEquals(1.0, Trainer.accuracy(model, clusters(30, 2)), "generalises to fresh points");
  }

  @Test
  void miniBatchesTrainAModelWhoseMaxBatchIsSmallerThanTheData() {
    Dataset train = clusters(30, 3);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 16);
    TrainingResult result = new Trainer(model, new Adam(0.05), 20).batchSize(16).seed(7).fit(train);
    assertTrue(result.finalLoss() < 0.2f * result.lossHistory()[0],
        "loss went from " + result.lossHistory()[0] + " to " + result.finalLoss());
    assertEquals(1.0, Trainer.accuracy(model, train));
  }

  @Test
  void miniBatchRunsAreReproducibleForTheSameSeed() {
    Dataset train = clusters(20, 4);
    float[][] finalParameters = new float[2][];
    for (int run = 0; run < 2; run++) {
      LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 8);
      new Trainer(model, new Sgd(0.1), 3).batchSize(8).seed(11).fit(train);
      finalParameters[run] = model.parameters().clone();
    }
    assertArrayEquals(finalParameters[0], finalParameters[1]);
  }

  @Test
  void targetsTakePrecedenceOverLabels() {
    Dataset labelled = clusters(20, 5);
    // Targets teach the "next" class, so a model trained on them must disagree with every label.
    int[] shifted = new int[labelled.rows()];
    for (int row = 0; row < shifted.length; row++) {
      shifted[row] = (labelled.labels()[row] + 1) % 3;
    }
    float[] targets =
        Dataset.withLabels(labelled.features(), 2, shifted).oneHotTargets(3).targets();
    Dataset train = Dataset.of(labelled.features(), 2, labelled.labels(), targets, 3);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 64);
    new Trainer(model, new Sgd(0.2), 100).fit(train);
    assertEquals(0.0, Trainer.accuracy(model, labelled));
  }

  @Test
  void oneHotTargetsAndLabelsTrainIdentically() {
    Dataset labelled = clusters(10, 6);
    LinearSoftmaxModel onLabels = new LinearSoftmaxModel(2, 3, 64);
    LinearSoftmaxModel onTargets = new LinearSoftmaxModel(2, 3, 64);
    TrainingResult a = new Trainer(onLabels, new Sgd(0.1), 10).fit(labelled);
    TrainingResult b = new Trainer(onTargets, new Sgd(0.1), 10).fit(labelled.oneHotTargets(3));
    assertArrayEquals(a.lossHistory(), b.lossHistory());
    assertArrayEquals(onLabels.parameters(), onTargets.parameters());
  }

  @Test
  void fullBatchRejectsMoreRowsThanMaxBatch() {
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 16);
    Trainer trainer = new Trainer(model, new Sgd(0.1), 5);
    String message = rejection(() -> trainer.fit(clusters(10, 1)));
    assertEquals("full-batch training needs all 30 rows of the training set in one step, but the"
        + " model's maxBatch is 16; use batchSize(n) for mini-batches", message);
    assertEquals(0f, model.parameters()[0], "nothing was trained");
  }

  @Test
  void rejectsDataThatDoesNotFitTheModel() {
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 64);
    Trainer trainer = new Trainer(model, new Sgd(0.1), 5);
    Dataset wide = Dataset.withLabels(new float[6], 3, new int[2]);
    assertEquals("the training set has width 3 but the model takes 2 inputs",
        rejection(() -> trainer.fit(wide)));
    Dataset labelTooLarge = Dataset.withLabels(new float[4], 2, new int[] {0, 3});
    assertTrue(rejection(() -> trainer.fit(labelTooLarge)).contains("labels up to 3"));
    Dataset twoTargets = Dataset.withTargets(new float[4], 2, new float[4], 2);
    assertEquals("the training set has 2 targets per row but the model has 3 outputs",
        rejection(() -> trainer.fit(twoTargets)));
    Dataset empty = clusters(2, 1).subset(new int[0]);
    assertEquals("the training set has 0 rows", rejection(() -> trainer.fit(empty)));
    assertTrue(rejection(() -> trainer.validation(wide, 3)).contains("validation set has width 3"));
  }

  @Test
  void rejectsBadSettings() {
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 64);
    assertTrue(rejection(() -> new Trainer(model, new Sgd(0.1), 0)).contains("epochs"));
    Trainer trainer = new Trainer(model, new Sgd(0.1), 5);
    assertEquals("batch size must be between 1 and the model's maxBatch 64, got 65",
        rejection(() -> trainer.batchSize(65)));
    assertThrows(IllegalArgumentException.class, () -> trainer.batchSize(0));
    assertTrue(rejection(() -> trainer.validation(clusters(2, 1), 0)).contains("patience"));
  }

  @Test
  void earlyStoppingNeedsStrictImprovementAndRestoresTheBestEpoch() {
    // Best is epoch 3; epoch 5 only ties it, so three epochs without improvement end at epoch 6.
    float[] validation = {5, 4, 3, 3.5f, 3, 4, 5, 6, 2, 1};
    ScriptedModel model = new ScriptedModel(validation, null);
    TrainingResult result =
        new Trainer(model, new Sgd(0.1), 10).validation(dummy(4), 3).fit(dummy(6));

    assertEquals(6, result.epochsRun());
    assertTrue(result.stoppedEarly());
    assertEquals(3, result.bestEpoch());
    assertEquals(3f, result.bestLoss());
    assertArrayEquals(new float[] {5, 4, 3, 3.5f, 3, 4}, result.validationLossHistory());
    assertArrayEquals(new float[] {1, 1 / 2f, 1 / 3f, 1 / 4f, 1 / 5f, 1 / 6f},
        result.lossHistory());
    assertEquals(1 / 6f, result.finalLoss());
    assertEquals(3, model.stepsReflectedInParameters(), "parameters of epoch 3 restored");
    assertEquals(1, model.parametersChangedCalls);
  }

  @Test
  void improvementsSmallerThanMinDeltaDoNotResetPatience() {
    // Epochs 2–4 creep down by 0.001 each: with minDelta 0.01 only epoch 1 counts as best.
    ScriptedModel model = new ScriptedModel(new float[] {1f, 0.999f, 0.998f, 0.997f, 0.5f}, null);
    TrainingResult result =
        new Trainer(model, new Sgd(0.1), 5).validation(dummy(2), 3, 0.01f).fit(dummy(2));
    assertEquals(4, result.epochsRun());
    assertTrue(result.stoppedEarly());
    assertEquals(1, result.bestEpoch());
    assertEquals(1, model.stepsReflectedInParameters());
    assertTrue(rejection(() -> new Trainer(model, new Sgd(0.1), 5)
        .validation(dummy(2), 3, -1f)).contains("minDelta"));
  }

  @Test
  void bestParametersAreRestoredWhenTheRunEndsWithoutStoppingEarly() {
    ScriptedModel model = new ScriptedModel(new float[] {3, 1, 2, 2}, null);
    TrainingResult result =
        new Trainer(model, new Sgd(0.1), 4).validation(dummy(2), 5).fit(dummy(2));
    assertEquals(4, result.epochsRun());
    assertFalse(result.stoppedEarly());
    assertEquals(2, result.bestEpoch());
    assertEquals(2, model.stepsReflectedInParameters());
    assertEquals(1, model.parametersChangedCalls);
  }

  @Test
  void parametersAreLeftAloneWhenTheLastEpochIsTheBest() {
    ScriptedModel model = new ScriptedModel(new float[] {3, 2, 1}, null);
    TrainingResult result =
        new Trainer(model, new Sgd(0.1), 3).validation(dummy(2), 1).fit(dummy(2));
    assertEquals(3, result.bestEpoch());
    assertFalse(result.stoppedEarly());
    assertEquals(3, model.stepsReflectedInParameters());
    assertEquals(0, model.parametersChangedCalls);
  }

  @Test
  void earlyStoppingRestoresRealParametersWhenValidationGetsWorse() {
    // Validation labels contradict the training labels, so every epoch makes validation worse.
    Dataset train = clusters(20, 8);
    int[] flipped = new int[train.rows()];
    for (int row = 0; row < flipped.length; row++) {
      flipped[row] = (train.labels()[row] + 1) % 3;
    }
    Dataset validation = Dataset.withLabels(train.features(), 2, flipped);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 64);
    List<float[]> parametersByEpoch = new ArrayList<>();
    TrainingResult result = new Trainer(model, new Sgd(0.1), 50)
        .validation(validation, 4)
        .onEpoch((epoch, loss, validationLoss, m) -> parametersByEpoch.add(m.parameters().clone()))
        .fit(train);

    assertEquals(1, result.bestEpoch());
    assertEquals(5, result.epochsRun());
    assertTrue(result.stoppedEarly());
    float[] history = result.validationLossHistory();
    for (int epoch = 1; epoch < history.length; epoch++) {
      assertTrue(history[epoch] > history[epoch - 1]);
    }
    assertArrayEquals(parametersByEpoch.get(0), model.parameters());
    assertEquals(1, model.parametersChangedCalls);
  }

  @Test
  void listenerHearsEveryEpochInOrder() {
    List<String> heard = new ArrayList<>();
    ScriptedModel model = new ScriptedModel(new float[] {9, 8, 7}, null);
    EpochListener listener = (epoch, loss, validationLoss, m) -> {
      assertTrue(m == model);
      heard.add(epoch + ":" + loss + ":" + validationLoss);
    };
    new Trainer(model, new Sgd(0.1), 3).onEpoch(listener).fit(dummy(2));
    assertEquals(List.of("1:1.0:NaN", "2:0.5:NaN", "3:0.33333334:NaN"), heard);

    heard.clear();
    ScriptedModel validated = new ScriptedModel(new float[] {9, 8, 7}, null);
    new Trainer(validated, new Sgd(0.1), 2).validation(dummy(2), 2)
        .onEpoch((epoch, loss, validationLoss, m) -> heard.add(epoch + ":" + validationLoss))
        .fit(dummy(2));
    assertEquals(List.of("1:9.0", "2:8.0"), heard);
  }

  @Test
  void batchListenerHearsEveryStepBeforeItsEpoch() {
    List<String> heard = new ArrayList<>();
    // Five rows in batches of 2: steps of 2, 2 and 1 rows; step s has loss s.
    ScriptedModel model = new ScriptedModel(null, new float[] {1, 2, 3, 4, 5, 6});
    new Trainer(model, new Sgd(0.1), 2).batchSize(2)
        .onBatch((epoch, batch, batches, rows, loss) ->
            heard.add(epoch + ":" + batch + "/" + batches + ":" + rows + ":" + loss))
        .onEpoch((epoch, loss, validationLoss, m) -> heard.add("epoch " + epoch + ":" + loss))
        .fit(dummy(5));
    assertEquals(List.of("1:1/3:2:1.0", "1:2/3:2:2.0", "1:3/3:1:3.0", "epoch 1:1.8",
        "2:1/3:2:4.0", "2:2/3:2:5.0", "2:3/3:1:6.0", "epoch 2:4.8"), heard);

    heard.clear();
    new Trainer(new ScriptedModel(null, new float[] {7, 8}), new Sgd(0.1), 2)
        .onBatch((epoch, batch, batches, rows, loss) ->
            heard.add(epoch + ":" + batch + "/" + batches + ":" + rows + ":" + loss))
        .fit(dummy(3));
    assertEquals(List.of("1:1/1:3:7.0", "2:1/1:3:8.0"), heard, "full batch: one step an epoch");
  }

  /** Bytes a {@link Trainer#fit} of the trainers {@code trainer} makes allocates per epoch. */
  private static long bytesPerEpoch(IntFunction<Trainer> trainer, Dataset train) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // The model checks its inputs with a vector kernel: compiled as in a real program, not by
    // whichever tests happened to run before (JDK 17 boxes vectors in code compiled too early).
    Kernels.warmUp();
    long[] allocated = new long[2];
    int[] epochs = {10, 210};
    for (int warmUp = 0; warmUp < 20; warmUp++) {
      trainer.apply(50).fit(train);
    }
    // Per epoch: 4 floats of history (training and validation, plus their trimmed copies). The
    // JIT may still be settling (later under load), so a few measurements are allowed.
    long perEpoch = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 10 && perEpoch > 16; attempt++) {
      for (int run = 0; run < 2; run++) {
        Trainer fresh = trainer.apply(epochs[run]);
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        fresh.fit(train);
        allocated[run] = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      }
      perEpoch = (allocated[1] - allocated[0]) / (epochs[1] - epochs[0]);
    }
    return perEpoch;
  }

  @Test
  void epochsAllocateNothingBeyondTheHistories() {
    Dataset validation = clusters(5, 11);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 16);
    // A plain loop, so only the trainer's own allocations are measured, not the kernels'.
    Optimizer optimizer = new Optimizer() {
      @Override
      public void step(float[] params, float[] grads, int length) {
        for (int i = 0; i < length; i++) {
          params[i] -= 0.01f * grads[i];
        }
      }

      @Override
      public float learningRate() {
        return 0.01f;
      }
    };
    int[] steps = new int[1];
    BatchListener countSteps = (epoch, batch, batches, rows, loss) -> steps[0]++;
    long perEpoch = bytesPerEpoch(epochs -> new Trainer(model, optimizer, epochs).batchSize(8)
        .validation(validation, 1000).onBatch(countSteps), clusters(20, 10));
    assertTrue(perEpoch <= 16, "bytes allocated per epoch: " + perEpoch);
    assertTrue(steps[0] > 0, "the batch listener was called");
  }

  /** Schedules, the penalty, momentum, clipping and decay add nothing per step either. */
  @Test
  void theWholeToolkitAllocatesNothingPerEpoch() {
    Dataset validation = clusters(5, 11);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 16);
    WeightDecay decay = WeightDecay.of(1e-3).biases(1e-3); // the model has no layers
    List<IntFunction<Trainer>> trainers = List.of(
        epochs -> new Trainer(model, new Sgd(0.01).nesterov(0.9).weightDecay(decay)
            .clipGradientNorm(1), epochs).batchSize(8).validation(validation, 1000)
            .scheduleEachStep(LearningRateSchedule.cosine(100, 1e-4).withWarmUp(10, 0.1))
            .penaltyInLoss(true),
        epochs -> new Trainer(model, new RmsProp(0.01).momentum(0.5).weightDecay(decay),
            epochs).batchSize(8).validation(validation, 1000)
            .scheduleEachEpoch(LearningRateSchedule.step(5, 0.9)),
        epochs -> new Trainer(model, new Adam(0.01).weightDecay(decay).clipGradientNorm(1),
            epochs).batchSize(8).scheduleEachEpoch(LearningRateSchedule.exponential(0.99))
            .penaltyInLoss(true));
    for (IntFunction<Trainer> trainer : trainers) {
      long perEpoch = bytesPerEpoch(trainer, clusters(20, 10));
      assertTrue(perEpoch <= 16, trainer.apply(1) + ": bytes allocated per epoch: " + perEpoch);
    }
  }

  /** Records the learning rate of every step it takes. */
  private static final class RateRecorder implements Optimizer {
    private final Sgd sgd = new Sgd(0.1);
    final List<Float> rates = new ArrayList<>();

    @Override
    public void step(float[] params, float[] grads, int length) {
      rates.add(sgd.learningRate());
      sgd.step(params, grads, length);
    }

    @Override
    public float learningRate() {
      return sgd.learningRate();
    }

    @Override
    public void learningRate(double rate) {
      sgd.learningRate(rate);
    }
  }

  @Test
  void anEpochScheduleSetsTheRateBeforeEveryEpochAndGivesTheInitialRateBack() {
    RateRecorder optimizer = new RateRecorder();
    new Trainer(new LinearSoftmaxModel(2, 3, 64), optimizer, 5)
        .scheduleEachEpoch(LearningRateSchedule.step(2, 0.5)).fit(clusters(10, 1));
    assertEquals(List.of(0.1f, 0.1f, 0.05f, 0.05f, 0.025f), optimizer.rates);
    assertEquals(0.1f, optimizer.learningRate());
  }

  @Test
  void aStepScheduleCountsStepsAcrossEpochs() {
    RateRecorder optimizer = new RateRecorder();
    // 30 rows in batches of 8: 4 steps per epoch.
    new Trainer(new LinearSoftmaxModel(2, 3, 8), optimizer, 3).batchSize(8)
        .scheduleEachStep(LearningRateSchedule.exponential(0.5)).fit(clusters(10, 1));
    assertEquals(12, optimizer.rates.size());
    for (int step = 0; step < 12; step++) {
      assertEquals((float) (0.1 * Math.pow(0.5, step)), optimizer.rates.get(step), "step " + step);
    }
    assertEquals(0.1f, optimizer.learningRate());
  }

  @Test
  void theInitialRateComesBackWhenTrainingDiverges() {
    Sgd sgd = new Sgd(0.1);
    NablaModel model = new ScriptedModel(new float[4], new float[] {2, 5, Float.NaN, 1});
    assertThrows(DivergenceException.class, () -> new Trainer(model, sgd, 4)
        .scheduleEachEpoch(LearningRateSchedule.exponential(0.5)).fit(dummy(2)));
    assertEquals(0.1f, sgd.learningRate());
  }

  @Test
  void aScheduleNeedsAnOptimizerWhoseRateCanBeSet() {
    Optimizer fixed = new Optimizer() {
      @Override
      public void step(float[] params, float[] grads, int length) {}

      @Override
      public float learningRate() {
        return 0.1f;
      }

      @Override
      public String toString() {
        return "Fixed";
      }
    };
    ScriptedModel model = new ScriptedModel(new float[2], null);
    Trainer trainer = new Trainer(model, fixed, 2)
        .scheduleEachEpoch(LearningRateSchedule.constant());
    assertEquals("Fixed has a fixed learning rate",
        assertThrows(UnsupportedOperationException.class, () -> trainer.fit(dummy(2)))
            .getMessage());
    assertEquals(0, model.stepsReflectedInParameters(), "no step was taken");
  }

  @Test
  void thePenaltyIsInTheReportedTrainingLossOnlyWhenAsked() {
    Dataset train = clusters(10, 1);
    float[] start = new float[9];
    for (int i = 0; i < start.length; i++) {
      start[i] = 0.1f * (i - 4);
    }
    WeightDecay decay = WeightDecay.of(0.5).biases(0.5);
    float[] losses = new float[2];
    double penalty = 0;
    for (int run = 0; run < 2; run++) {
      LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 64);
      System.arraycopy(start, 0, model.parameters(), 0, start.length);
      penalty = decay.penalty(model);
      losses[run] = new Trainer(model, new Sgd(0.1).weightDecay(decay), 1)
          .penaltyInLoss(run == 1).fit(train).finalLoss();
    }
    assertEquals(0.5 / 2 * 0.6, penalty, 1e-6, "λ/2·Σθ² = 0.25·0.01·(16+9+4+1+0+1+4+9+16)");
    assertEquals(losses[0] + penalty, losses[1], 1e-6);
  }

  @Test
  void aWeightDecayThatDoesNotFitTheModelIsRefusedBeforeTheFirstStep() {
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 64);
    Trainer trainer = new Trainer(model, new Sgd(0.1).weightDecay(WeightDecay.of(0.1)), 3);
    String message = rejection(() -> trainer.fit(clusters(10, 1)));
    assertTrue(message.startsWith("WeightDecay.of(0.1) needs to know which parameters are "
        + "weights"), message);
    assertArrayEquals(new float[9], model.parameters());
  }

  @Test
  void divergingTrainingLossStopsWithAClearMessage() {
    float[] trainingLosses = {2, 5, Float.NaN, 1};
    NablaModel model = new ScriptedModel(new float[4], trainingLosses);
    DivergenceException error = assertThrows(DivergenceException.class,
        () -> new Trainer(model, new Sgd(0.1), 4).fit(dummy(2)));
    assertEquals("training diverged in epoch 3 with SGD(lr=0.1) (the training loss became NaN); "
        + "the model has the parameters of its last step. Try a lower learning rate",
        error.getMessage());
  }

  @Test
  void aRefusedStepBringsBackTheBestValidationEpoch() {
    ScriptedModel model = new ScriptedModel(new float[] {3, 1, 2, 0}, new float[] {2, 5, 7,
        Float.POSITIVE_INFINITY}).refusingNonFiniteSteps();
    DivergenceException error = assertThrows(DivergenceException.class,
        () -> new Trainer(model, new Sgd(0.1), 4).validation(dummy(2), 5).fit(dummy(2)));
    assertEquals("training diverged in epoch 4 with SGD(lr=0.1) (step 4 refused: the loss is "
        + "Infinity); the model has the parameters of epoch 2, its best on the validation set. "
        + "Try a lower learning rate", error.getMessage());
    assertEquals("step 4 refused: the loss is Infinity", error.getCause().getMessage());
    assertEquals(2, model.stepsReflectedInParameters());
    assertEquals(1, model.parametersChangedCalls);
  }

  @Test
  void withoutValidationARefusedStepLeavesTheParametersOfTheStepBefore() {
    ScriptedModel model =
        new ScriptedModel(new float[4], new float[] {2, 5, Float.NaN}).refusingNonFiniteSteps();
    DivergenceException error = assertThrows(DivergenceException.class,
        () -> new Trainer(model, new Sgd(0.1), 4).fit(dummy(2)));
    assertTrue(error.getMessage().endsWith("the model has the parameters from before the "
        + "refused step. Try a lower learning rate"), error.getMessage());
    assertEquals(2, model.stepsReflectedInParameters());
    assertEquals(0, model.parametersChangedCalls);
  }
}
