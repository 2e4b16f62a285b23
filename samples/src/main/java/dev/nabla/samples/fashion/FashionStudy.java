package dev.nabla.samples.fashion;

import dev.nabla.Dense;
import dev.nabla.NablaInference;
import dev.nabla.Precision;
import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import dev.nabla.data.Idx;
import dev.nabla.init.Init;
import dev.nabla.io.Weights;
import dev.nabla.kernel.Kernels;
import dev.nabla.monitor.Charts;
import dev.nabla.monitor.TrainingHistory;
import dev.nabla.monitor.TrainingProgress;
import dev.nabla.optim.Sgd;
import dev.nabla.train.ConfusionMatrix;
import dev.nabla.train.Evaluator;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Fashion-MNIST study: 784-256-10 ReLU MLP, weights N(0, 0.01²), zero biases, SGD lr 0.1 on
 * shuffled batches of 256, 10 epochs, pixels scaled to [0, 1]. Data from the Debian package
 * {@code dataset-fashion-mnist}; options {@code --data DIR --epochs N --plot DIR --save FILE}
 * ({@code --plot} writes the loss and accuracy curves as PNG and SVG, and both side by side as
 * curves.png; {@code --save} the trained weights as a safetensors file, see {@link Weights}), or
 * {@code --load FILE}, which skips training and evaluates the saved model and its inference
 * objects in float32, float16 and int8.
 */
public final class FashionStudy {
  static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int BATCH = 256;
  public static final double LEARNING_RATE = 0.1;
  static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionStudy() {}

  public static void main(String[] args) throws IOException {
    Path dir = DEFAULT_DATA;
    int epochs = 10;
    Path plots = null;
    Path save = null;
    Path load = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--data" -> dir = Path.of(args[i + 1]);
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--plot" -> plots = Path.of(args[i + 1]);
        case "--save" -> save = Path.of(args[i + 1]);
        case "--load" -> load = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --data DIR, --epochs N, --plot DIR, --save FILE, --load FILE");
      }
    }
    if (!isInstalled(dir)) {
      System.err.println("Fashion-MNIST is not in " + dir + ". Install it with\n"
          + "  sudo apt-get install -y dataset-fashion-mnist\n"
          + "or pass --data DIR with the four *-idx?-ubyte(.gz) files.");
      System.exit(2);
    }
    Kernels.warmUp(); // compile every kernel path before the first timed epoch
    Dataset[] data = load(dir);
    Dataset train = data[0];
    Dataset test = data[1];
    System.out.printf(Locale.ROOT, "Fashion-MNIST: %d train, %d test rows; 784-256-10 ReLU, "
            + "softmax-CE, SGD lr %s, batch %d; kernels: %s%n", train.rows(), test.rows(),
        LEARNING_RATE, BATCH, Kernels.implementation());
    FashionMlpModel model = newModel(0);
    if (load != null) {
      Weights.load(model, load);
      System.out.printf(Locale.ROOT, "loaded %s: trainable model test accuracy %.4f%n", load,
          Trainer.accuracy(model, test));
      for (Precision precision : Precision.values()) {
        FashionMlpInference inference = FashionMlpInference.of(model, precision);
        System.out.printf(Locale.ROOT, "inference %-7s test accuracy %.4f (%,d bytes of weights)%n",
            precision, accuracy(inference, test), inference.weightBytes());
      }
      return;
    }
    TrainingHistory history = train(model, train, test, epochs, 0);
    if (plots != null) {
      Path overview = plots.resolve("curves.png");
      Charts.writeOverview(history, overview, 480, 300);
      System.out.println("figures: " + Charts.write(history, plots) + " and " + overview);
    }
    if (save != null) {
      Weights.save(model, save);
      System.out.println("saved the weights to " + save);
    }
  }

  /** The study's model: weights N(0, 0.01²), zero biases. */
  public static FashionMlpModel newModel(long seed) {
    FashionMlpModel model = new FashionMlpModel(BATCH);
    SplittableRandom random = new SplittableRandom(seed);
    for (Dense layer : model.layers()) {
      layer.initialize(Init.normal(0.01), Init.zeros(), random);
    }
    return model;
  }

  /** One epoch of shuffled mini-batches; returns the mean training loss. */
  public static double trainEpoch(FashionMlpModel model, Batches batches, Sgd sgd) {
    batches.shuffle();
    double lossSum = 0;
    int seen = 0;
    for (int rows = batches.next(); rows > 0; rows = batches.next()) {
      lossSum += (double) model.trainStep(batches.features(), batches.labels(), rows, sgd) * rows;
      seen += rows;
    }
    return lossSum / seen;
  }

  /** Whether {@code dir} holds the data set (as the Debian package installs it). */
  static boolean isInstalled(Path dir) {
    return Files.exists(dir.resolve("train-images-idx3-ubyte.gz"));
  }

  /** Loads the four IDX files of {@code dir}: train, then test. */
  public static Dataset[] load(Path dir) throws IOException {
    return new Dataset[] {
        Idx.load(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz")),
        Idx.load(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"))};
  }

  /**
   * Trains a fresh model, showing a progress bar on a terminal and a line per epoch (test loss,
   * train and test accuracy, samples/s), then prints the test set's confusion matrix and
   * per-class report. Returns the curves.
   */
  public static TrainingHistory train(Dataset train, Dataset test, int epochs, long seed) {
    return train(newModel(seed), train, test, epochs, seed);
  }

  /** Trains {@code model} as {@link #train(Dataset, Dataset, int, long)} does. */
  public static TrainingHistory train(FashionMlpModel model, Dataset train, Dataset test,
      int epochs, long seed) {
    TrainingHistory history = new TrainingHistory()
        .trackLoss("test loss", test)
        .trackAccuracy("train accuracy", train)
        .trackAccuracy("test accuracy", test);
    TrainingProgress.toConsole(epochs).showing(history)
        .attachTo(new Trainer(model, new Sgd(LEARNING_RATE), epochs).batchSize(BATCH).seed(seed))
        .fit(train);
    ConfusionMatrix confusion = new ConfusionMatrix(CLASS_NAMES);
    new Evaluator(model, test).addPredictionsTo(confusion);
    System.out.println("\ntest set:\n" + confusion);
    return history;
  }

  /** Fraction of {@code data}'s rows whose class {@code inference} predicts. */
  public static double accuracy(NablaInference inference, Dataset data) {
    int[] classes = new int[data.rows()];
    inference.predictClasses(data.features(), data.rows(), classes);
    int correct = 0;
    for (int r = 0; r < data.rows(); r++) {
      correct += classes[r] == data.labels()[r] ? 1 : 0;
    }
    return (double) correct / data.rows();
  }
}
