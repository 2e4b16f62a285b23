package dev.nabla.samples.fashion;

import dev.nabla.Dense;
import dev.nabla.data.Dataset;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.monitor.Charts;
import dev.nabla.monitor.TrainingHistory;
import dev.nabla.monitor.TrainingProgress;
import dev.nabla.optim.Sgd;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The dropout study (d2l 4.6) on Fashion-MNIST: {@link DropoutMlp}, weights N(0, 0.01²), zero
 * biases, SGD lr 0.5 on shuffled batches of 256, 10 epochs. Prints the study's table per epoch:
 * the training loss (the mean of the steps' losses, dropout on, as d2l reports it), the training
 * and test accuracy, both measured with {@code predict}, where dropout is the identity. Options
 * {@code --data DIR --epochs N --plot DIR --seed N} ({@code --plot} writes the loss and accuracy
 * curves as PNG and SVG, and both side by side as curves.png; the seed, 0 by default, draws the
 * weights, the masks and the batches).
 */
public final class DropoutStudy {
  public static final double LEARNING_RATE = 0.5;
  static final String TRAIN_ACCURACY = "train accuracy";
  static final String TEST_ACCURACY = "test accuracy";
  static final String TEST_LOSS = "test loss";

  private DropoutStudy() {}

  public static void main(String[] args) throws IOException {
    Path dir = FashionStudy.DEFAULT_DATA;
    int epochs = 10;
    Path plots = null;
    long seed = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--data" -> dir = Path.of(args[i + 1]);
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--plot" -> plots = Path.of(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --data DIR, --epochs N, --plot DIR, --seed N");
      }
    }
    if (!FashionStudy.isInstalled(dir)) {
      System.err.println("Fashion-MNIST is not in " + dir + ". Install it with\n"
          + "  sudo apt-get install -y dataset-fashion-mnist\n"
          + "or pass --data DIR with the four *-idx?-ubyte(.gz) files.");
      System.exit(2);
    }
    Kernels.warmUp();
    Dataset[] data = FashionStudy.load(dir);
    System.out.printf(Locale.ROOT, "Dropout study (d2l 4.6): %d train, %d test rows; 784-256-256-10"
            + " ReLU, dropout 0.2 and 0.5, softmax-CE, SGD lr %s, batch %d; kernels: %s%n",
        data[0].rows(), data[1].rows(), LEARNING_RATE, FashionStudy.BATCH,
        Kernels.implementation());
    TrainingHistory history = train(newModel(seed), data[0], data[1], epochs, seed);
    System.out.println();
    System.out.print(table(history));
    if (plots != null) {
      Path overview = plots.resolve("curves.png");
      Charts.writeOverview(history, overview, 480, 300);
      System.out.println("figures: " + Charts.write(history, plots) + " and " + overview);
    }
  }

  /**
   * The study's model: weights N(0, 0.01²), zero biases, all drawn from {@code seed}, which also
   * seeds the dropout masks.
   */
  public static DropoutMlpModel newModel(long seed) {
    DropoutMlpModel model = new DropoutMlpModel(FashionStudy.BATCH);
    model.initialize(seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (Dense layer : model.layers()) {
      layer.initialize(Init.normal(0.01), Init.zeros(), random);
    }
    return model;
  }

  /**
   * Trains {@code model} for {@code epochs} on {@code train}, batches shuffled from {@code seed},
   * with a progress bar on a terminal; returns the curves: the training loss, the test loss, and
   * the training and test accuracy.
   */
  public static TrainingHistory train(DropoutMlpModel model, Dataset train, Dataset test,
      int epochs, long seed) {
    TrainingHistory history = new TrainingHistory()
        .trackLoss(TEST_LOSS, test)
        .trackAccuracy(TRAIN_ACCURACY, train)
        .trackAccuracy(TEST_ACCURACY, test);
    TrainingProgress.toConsole(epochs).showing(history)
        .attachTo(new Trainer(model, new Sgd(LEARNING_RATE), epochs).batchSize(FashionStudy.BATCH)
            .seed(seed))
        .fit(train);
    return history;
  }

  /** The study's table: epoch, training loss, training and test accuracy. */
  public static String table(TrainingHistory history) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%5s %10s %9s %9s%n",
        "epoch", "train loss", "train acc", "test acc"));
    double[] loss = history.values(TrainingHistory.TRAINING_LOSS);
    double[] trainAccuracy = history.values(TRAIN_ACCURACY);
    double[] testAccuracy = history.values(TEST_ACCURACY);
    for (int epoch = 1; epoch <= history.epochs(); epoch++) {
      text.append(String.format(Locale.ROOT, "%5d %10.4f %9.4f %9.4f%n", epoch, loss[epoch - 1],
          trainAccuracy[epoch - 1], testAccuracy[epoch - 1]));
    }
    return text.toString();
  }
}
