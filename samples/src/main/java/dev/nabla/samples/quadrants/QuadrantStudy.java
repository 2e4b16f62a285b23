package dev.nabla.samples.quadrants;

import dev.nabla.Dense;
import dev.nabla.NablaModel;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Sgd;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The quadrant study: 2-3-3-4 with sigmoid after every layer, BCE on one-hot targets, weights
 * N(0, 0.01²), zero biases, SGD with learning rate 0.5 for 10 000 full-batch epochs.
 */
public final class QuadrantStudy {
  static final int PER_CLUSTER = 200;
  static final double STD = 0.5;
  static final long DATA_SEED = 1234;
  static final long INIT_SEED = 0;
  static final double LEARNING_RATE = 0.5;
  public static final int EPOCHS = 10_000;

  private QuadrantStudy() {}

  /** Result of one run: final loss and training accuracy. */
  public record Outcome(float loss, double accuracy, double microsPerEpoch) {}

  public static void main(String[] args) {
    System.out.println("Quadrants: 4 Gaussian clusters × " + PER_CLUSTER + " points (std " + STD
        + "), 2-3-3-4 sigmoid, BCE, SGD lr " + LEARNING_RATE + ", " + EPOCHS
        + " full-batch epochs; kernels: " + Kernels.implementation());
    Outcome outcome = run(EPOCHS, true);
    System.out.printf("final loss %.4f, training accuracy %.4f, %.1f µs per epoch%n",
        outcome.loss(), outcome.accuracy(), outcome.microsPerEpoch());
  }

  /** Trains a fresh model; prints the loss every 1000 epochs when {@code verbose}. */
  public static Outcome run(int epochs, boolean verbose) {
    return train(rows -> new QuadrantNetModel(rows), LEARNING_RATE, epochs, verbose);
  }

  /**
   * Trains the model {@code network} builds for the study's data from the study's initial
   * weights with SGD at {@code learningRate}; prints the loss every 1000 epochs when
   * {@code verbose}.
   */
  static Outcome train(IntFunction<NablaModel> network, double learningRate, int epochs,
      boolean verbose) {
    Kernels.warmUp(); // start-up: compile the kernels before the timed epochs
    QuadrantData data = QuadrantData.generate(PER_CLUSTER, STD, DATA_SEED);
    NablaModel model = network.apply(data.rows());
    SplittableRandom random = new SplittableRandom(INIT_SEED);
    for (Dense layer : model.layers()) {
      layer.initialize(Init.normal(0.01), Init.zeros(), random);
    }
    Sgd sgd = new Sgd(learningRate);
    float loss = Float.NaN;
    long start = System.nanoTime();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      loss = model.trainStep(data.x(), data.oneHot(), data.rows(), sgd);
      if (verbose && epoch % 1000 == 0) {
        System.out.printf("epoch %5d  loss %.4f%n", epoch, loss);
      }
    }
    double micros = (System.nanoTime() - start) / 1e3 / epochs;
    int[] predicted = new int[data.rows()];
    model.predictClasses(data.x(), data.rows(), predicted);
    int correct = 0;
    for (int i = 0; i < data.rows(); i++) {
      correct += predicted[i] == data.labels()[i] ? 1 : 0;
    }
    return new Outcome(loss, (double) correct / data.rows(), micros);
  }
}
