package dev.nabla.samples.fashion;

import dev.nabla.Dense;
import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import dev.nabla.data.Idx;
import dev.nabla.io.Weights;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Sgd;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Fashion-MNIST study: 784-256-10 ReLU MLP, weights N(0, 0.01²), zero biases, SGD lr 0.1 on
 * shuffled batches of 256, 10 epochs, pixels scaled to [0, 1]. Data from the Debian package
 * {@code dataset-fashion-mnist}; options {@code --data DIR --epochs N --save FILE} (the trained
 * weights as a safetensors file, see {@link Weights}).
 */
public final class FashionStudy {
  static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int BATCH = 256;
  public static final double LEARNING_RATE = 0.1;

  private FashionStudy() {}

  public static void main(String[] args) throws IOException {
    Path dir = DEFAULT_DATA;
    int epochs = 10;
    Path save = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--data" -> dir = Path.of(args[i + 1]);
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--save" -> save = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --data DIR, --epochs N, --save FILE");
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
    train(model, train, test, epochs, 0);
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

  /** Trains a fresh model and prints one line per epoch; returns the final test accuracy. */
  public static double train(Dataset train, Dataset test, int epochs, long seed) {
    return train(newModel(seed), train, test, epochs, seed);
  }

  /** Trains {@code model} as {@link #train(Dataset, Dataset, int, long)} does. */
  public static double train(FashionMlpModel model, Dataset train, Dataset test, int epochs,
      long seed) {
    Sgd sgd = new Sgd(LEARNING_RATE);
    Batches batches = new Batches(train, BATCH, seed);
    double testAccuracy = Double.NaN;
    System.out.printf(Locale.ROOT, "%5s %8s %10s %9s %8s %10s%n", "epoch", "loss", "train acc",
        "test acc", "seconds", "samples/s");
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      double loss = trainEpoch(model, batches, sgd);
      double seconds = (System.nanoTime() - start) / 1e9;
      double trainAccuracy = Trainer.accuracy(model, train);
      testAccuracy = Trainer.accuracy(model, test);
      System.out.printf(Locale.ROOT, "%5d %8.4f %10.4f %9.4f %8.2f %10.0f%n", epoch,
          loss, trainAccuracy, testAccuracy, seconds, train.rows() / seconds);
    }
    return testAccuracy;
  }
}
