package dev.nabla.samples.regression;

import dev.nabla.Dense;
import dev.nabla.NablaModel;
import dev.nabla.data.Dataset;
import dev.nabla.init.Init;
import dev.nabla.monitor.LineChart;
import dev.nabla.monitor.TrainingHistory;
import dev.nabla.optim.Sgd;
import dev.nabla.optim.WeightDecay;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The weight-decay study (d2l 3.7): y = 0.05 + Σᵢ 0.01·xᵢ + ε, ε ~ N(0, 0.01²), x ~ N(0, 1) in
 * 200 dimensions, 20 training and 100 test rows; a linear model with W ~ N(0, 1) and b = 0 (d2l's
 * init), 100 epochs of SGD on batches of 5, λ = 0 and λ = 3. Option {@code --plot DIR} writes the
 * train and test loss curves (log y) of each λ; {@code --seeds 0,1,2} runs each seed (the table
 * shows the first) and prints a {@code RESULT} line per λ, seed and figure.
 *
 * <p>d2l minimises ½(ŷ − y)² + λ/2·‖w‖² with lr 0.003: a step of 0.003·(mean (ŷ − y)·x + λ·w).
 * Nabla's MEAN_SQUARED_ERROR is mean (ŷ − y)², whose gradient is twice as large, so the same steps
 * are SGD lr 0.0015 with {@code WeightDecay.of(2λ)}; losses are reported in Nabla's convention
 * (twice d2l's).
 */
public final class WeightDecayStudy {
  static final int INPUTS = 200;
  static final int TRAIN_ROWS = 20;
  static final int TEST_ROWS = 100;
  static final int EPOCHS = 100;
  static final int BATCH = 5;
  /** d2l's learning rate and λ values, on its ½(ŷ − y)² loss. */
  static final double D2L_LEARNING_RATE = 0.003;
  static final double[] D2L_LAMBDAS = {0, 3};
  static final String TRAIN_LOSS = "train loss";
  static final String TEST_LOSS = "test loss";
  static final String WEIGHT_NORM = "‖w‖";

  private WeightDecayStudy() {}

  /** Curves and final weight norm of one λ. */
  public record Run(double lambda, TrainingHistory history) {
    double weightNorm() {
      return history.latest(WEIGHT_NORM);
    }

    double trainLoss() {
      return history.latest(TRAIN_LOSS);
    }

    double testLoss() {
      return history.latest(TEST_LOSS);
    }
  }

  public static void main(String[] args) throws IOException {
    StudyOptions options = StudyOptions.parse(args);
    Path plots = options.plots();
    long[] seeds = options.seeds();
    System.out.printf(Locale.ROOT, "Weight decay (d2l 3.7): d = %d, %d train / %d test rows, "
            + "linear model, W ~ N(0, 1), b = 0, SGD batch %d, %d epochs%n", INPUTS, TRAIN_ROWS,
        TEST_ROWS, BATCH, EPOCHS);
    System.out.printf(Locale.ROOT, "d2l's lr %s and λ on ½(ŷ−y)² = Nabla's lr %s and "
            + "WeightDecay.of(2λ) on MSE = mean (ŷ−y)²; losses below are MSE (2 × d2l's)%n",
        D2L_LEARNING_RATE, D2L_LEARNING_RATE / 2);
    List<LineChart> charts = new ArrayList<>();
    for (double lambda : D2L_LAMBDAS) {
      Run run = run(lambda, seeds[0]);
      System.out.printf(Locale.ROOT, "%nλ = %s (d2l) → WeightDecay.of(%s)%n%5s %12s %12s %9s%n",
          lambda, 2 * lambda, "epoch", TRAIN_LOSS, TEST_LOSS, WEIGHT_NORM);
      double[] train = run.history().values(TRAIN_LOSS);
      double[] test = run.history().values(TEST_LOSS);
      double[] norm = run.history().values(WEIGHT_NORM);
      for (int epoch = 10; epoch <= EPOCHS; epoch += 10) {
        System.out.printf(Locale.ROOT, "%5d %12.6g %12.6g %9.4f%n", epoch, train[epoch - 1],
            test[epoch - 1], norm[epoch - 1]);
      }
      charts.add(lossChart("λ = " + lambda, run.history()));
    }
    // One line per λ and seed, for bench/compare-regression.sh.
    for (double lambda : D2L_LAMBDAS) {
      for (long seed : seeds) {
        Run run = run(lambda, seed);
        String key = "RESULT lambda" + (int) lambda + ".seed" + seed + ".";
        System.out.printf(Locale.ROOT, "%strain_loss=%.6g%n%stest_loss=%.6g%n%sw_norm=%.6g%n",
            key, run.trainLoss(), key, run.testLoss(), key, run.weightNorm());
      }
    }
    if (plots != null) {
      for (int i = 0; i < charts.size(); i++) {
        System.out.println("figures: " + charts.get(i).write(plots, "weight-decay-lambda-"
            + (int) D2L_LAMBDAS[i]));
      }
    }
  }

  /** Train and test loss per epoch on a log axis. */
  static LineChart lossChart(String title, TrainingHistory history) {
    double[] epochs = new double[history.epochs()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = i + 1;
    }
    return new LineChart(title, "epoch", "MSE")
        .series(TRAIN_LOSS, epochs, history.values(TRAIN_LOSS))
        .series(TEST_LOSS, epochs, history.values(TEST_LOSS))
        .logarithmicY();
  }

  /** Trains with d2l's {@code lambda} on data drawn from {@code seed}. */
  public static Run run(double lambda, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Dataset train = synthetic(TRAIN_ROWS, random);
    Dataset test = synthetic(TEST_ROWS, random);
    RegressionNets_HighDimensionalModel model = new RegressionNets_HighDimensionalModel(TEST_ROWS);
    model.output.initialize(Init.normal(1), Init.zeros(), random);
    TrainingHistory history = new TrainingHistory()
        .trackLoss(TRAIN_LOSS, train)
        .trackLoss(TEST_LOSS, test)
        .track(WEIGHT_NORM, "weight norm", WeightDecayStudy::weightNorm);
    Sgd sgd = new Sgd(D2L_LEARNING_RATE / 2).weightDecay(WeightDecay.of(2 * lambda));
    new Trainer(model, sgd, EPOCHS).batchSize(BATCH).seed(seed).onEpoch(history).fit(train);
    return new Run(lambda, history);
  }

  /** L2 norm of every layer's weights W, biases excluded. */
  static double weightNorm(NablaModel model) {
    double sum = 0;
    for (Dense layer : model.layers()) {
      for (float[] row : layer.weights()) {
        for (float w : row) {
          sum += (double) w * w;
        }
      }
    }
    return Math.sqrt(sum);
  }

  /** Rows of x ~ N(0, 1) with y = 0.05 + Σ 0.01·x + N(0, 0.01²). */
  static Dataset synthetic(int rows, SplittableRandom random) {
    float[] x = new float[rows * INPUTS];
    float[] y = new float[rows];
    for (int r = 0; r < rows; r++) {
      double target = 0.05;
      for (int i = 0; i < INPUTS; i++) {
        float value = (float) random.nextGaussian();
        x[r * INPUTS + i] = value;
        target += 0.01 * value;
      }
      y[r] = (float) (target + 0.01 * random.nextGaussian());
    }
    return Dataset.withTargets(x, INPUTS, y, 1);
  }
}
