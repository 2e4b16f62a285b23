package dev.nabla.samples.regression;

import dev.nabla.NablaModel;
import dev.nabla.data.Dataset;
import dev.nabla.init.Init;
import dev.nabla.monitor.LineChart;
import dev.nabla.monitor.TrainingHistory;
import dev.nabla.optim.Sgd;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The polynomial study of d2l ("model selection, underfitting, overfitting"): y = 5 + 1.2x −
 * 3.4x²/2! + 5.6x³/3! + ε, ε ~ N(0, 0.1²), x ~ N(0, 1), features xⁱ/i! for i = 0..19, 100
 * training and 100 test rows. A linear model without bias (feature 0 is the constant 1) is fitted
 * to the first 4 features (the right model), the first 2 (underfit) and all 20 (overfit): SGD lr
 * 0.01, batches of 10, 400 epochs, weights U(−1/√n, 1/√n) as PyTorch's nn.Linear. The loss is
 * mean (ŷ − y)², as d2l's nn.MSELoss here, so the noise floor is σ² = 0.01. Option
 * {@code --plot DIR} writes the train and test loss curves (log y) of each fit; {@code --seeds
 * 0,1,2} runs each seed (the lines show the first) and prints a {@code RESULT} line per fit, seed
 * and figure.
 */
public final class PolynomialStudy {
  static final int MAX_DEGREE = 20;
  static final int ROWS = 100;
  static final int EPOCHS = 400;
  static final int BATCH = 10;
  static final double LEARNING_RATE = 0.01;
  static final double NOISE = 0.1;
  /** True weights of x⁰/0!..x³/3!; the rest are 0. */
  static final double[] TRUE_WEIGHTS = {5, 1.2, -3.4, 5.6};
  static final String TRAIN_LOSS = "train loss";
  static final String TEST_LOSS = "test loss";

  /** The three fits: feature count, description, model factory (argument: maxBatch). */
  enum Fit {
    RIGHT(4, "4 features (right)", RegressionNets_CubicModel::new),
    UNDERFIT(2, "2 features (underfit)", RegressionNets_AffineModel::new),
    OVERFIT(MAX_DEGREE, "20 features (overfit)", RegressionNets_Degree19Model::new);

    final int features;
    final String title;
    final IntFunction<NablaModel> model;

    Fit(int features, String title, IntFunction<NablaModel> model) {
      this.features = features;
      this.title = title;
      this.model = model;
    }
  }

  private PolynomialStudy() {}

  /** One fit's learned weights and curves. */
  public record Run(Fit fit, float[] weights, TrainingHistory history) {
    double trainLoss() {
      return history.latest(TRAIN_LOSS);
    }

    double testLoss() {
      return history.latest(TEST_LOSS);
    }

    /** Test loss minus train loss after the last epoch. */
    double generalizationGap() {
      return testLoss() - trainLoss();
    }
  }

  public static void main(String[] args) throws IOException {
    StudyOptions options = StudyOptions.parse(args);
    Path plots = options.plots();
    long[] seeds = options.seeds();
    System.out.printf(Locale.ROOT, "Polynomial regression (d2l): y = 5 + 1.2x − 3.4x²/2! + "
            + "5.6x³/3! + N(0, %s²), %d train / %d test rows, SGD lr %s, batch %d, %d epochs; "
            + "loss = mean (ŷ−y)², noise floor σ² = %.2g%n", NOISE, ROWS, ROWS, LEARNING_RATE,
        BATCH, EPOCHS, NOISE * NOISE);
    for (Fit fit : Fit.values()) {
      Run run = run(fit, seeds[0]);
      System.out.printf(Locale.ROOT, "%-22s train %.5f  test %.5f  weights %s%n", fit.title,
          run.trainLoss(), run.testLoss(), format(run.weights()));
      if (plots != null) {
        System.out.println("  figures: " + WeightDecayStudy.lossChart(fit.title, run.history())
            .write(plots, "polynomial-" + fit.name().toLowerCase(Locale.ROOT)));
      }
    }
    // One line per fit and seed, for bench/compare-regression.sh.
    for (Fit fit : Fit.values()) {
      for (long seed : seeds) {
        Run run = run(fit, seed);
        String key = "RESULT " + fit.name().toLowerCase(Locale.ROOT) + ".seed" + seed + ".";
        System.out.printf(Locale.ROOT, "%strain_loss=%.6g%n%stest_loss=%.6g%n%sw_norm=%.6g%n",
            key, run.trainLoss(), key, run.testLoss(), key, norm(run.weights()));
      }
    }
  }

  private static double norm(float[] weights) {
    double sum = 0;
    for (float w : weights) {
      sum += (double) w * w;
    }
    return Math.sqrt(sum);
  }

  private static String format(float[] weights) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < weights.length; i++) {
      text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", weights[i]));
    }
    return text.append(']').toString();
  }

  /** Trains {@code fit} on data and initial weights drawn from {@code seed}. */
  public static Run run(Fit fit, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Dataset train = firstFeatures(synthetic(ROWS, random), fit.features);
    Dataset test = firstFeatures(synthetic(ROWS, random), fit.features);
    NablaModel model = fit.model.apply(ROWS);
    double bound = 1 / Math.sqrt(fit.features);
    model.layers().get(0).initialize(Init.uniform(-bound, bound), Init.zeros(), random);
    TrainingHistory history = new TrainingHistory()
        .trackLoss(TRAIN_LOSS, train)
        .trackLoss(TEST_LOSS, test);
    new Trainer(model, new Sgd(LEARNING_RATE), EPOCHS).batchSize(BATCH).seed(seed)
        .onEpoch(history).fit(train);
    float[][] w = model.layers().get(0).weights();
    float[] weights = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      weights[i] = w[i][0];
    }
    return new Run(fit, weights, history);
  }

  /** Rows of xⁱ/i! (i &lt; {@link #MAX_DEGREE}) for x ~ N(0, 1), with their noisy targets. */
  static Dataset synthetic(int rows, SplittableRandom random) {
    float[] features = new float[rows * MAX_DEGREE];
    float[] targets = new float[rows];
    for (int r = 0; r < rows; r++) {
      double x = random.nextGaussian();
      double term = 1; // xⁱ/i!, built up term by term
      double y = 0;
      for (int i = 0; i < MAX_DEGREE; i++) {
        features[r * MAX_DEGREE + i] = (float) term;
        if (i < TRUE_WEIGHTS.length) {
          y += TRUE_WEIGHTS[i] * term;
        }
        term *= x / (i + 1);
      }
      targets[r] = (float) (y + NOISE * random.nextGaussian());
    }
    return Dataset.withTargets(features, MAX_DEGREE, targets, 1);
  }

  /** The same rows with only their first {@code count} features. */
  static Dataset firstFeatures(Dataset data, int count) {
    float[] features = new float[data.rows() * count];
    for (int r = 0; r < data.rows(); r++) {
      System.arraycopy(data.features(), r * data.width(), features, r * count, count);
    }
    return Dataset.withTargets(features, count, data.targets(), 1);
  }
}
