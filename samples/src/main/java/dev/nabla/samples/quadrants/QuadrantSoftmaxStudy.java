package dev.nabla.samples.quadrants;

import dev.nabla.kernel.Kernels;

/**
 * The quadrant study's softmax variant ({@link QuadrantSoftmaxNet}), on the study's data and
 * initial weights, SGD for 10 000 full-batch epochs. At the study's learning rate 0.5 the mean
 * squared error of a softmax gives too small a gradient to leave its first plateau (every row
 * predicted ¼ everywhere) in 10 000 epochs; learning rate 5 does. {@code --lr R} sets another.
 */
public final class QuadrantSoftmaxStudy {
  static final double LEARNING_RATE = 5.0;

  private QuadrantSoftmaxStudy() {}

  public static void main(String[] args) {
    double learningRate = args.length == 2 && args[0].equals("--lr")
        ? Double.parseDouble(args[1]) : LEARNING_RATE;
    if (args.length != 0 && args.length != 2) {
      throw new IllegalArgumentException("usage: QuadrantSoftmaxSample [--lr RATE]");
    }
    System.out.println("Quadrants, softmax variant: 2-3-3-4, sigmoid, sigmoid, softmax, MSE, "
        + "SGD lr " + learningRate + ", " + QuadrantStudy.EPOCHS + " full-batch epochs; kernels: "
        + Kernels.implementation());
    QuadrantStudy.Outcome outcome = run(learningRate, QuadrantStudy.EPOCHS, true);
    System.out.printf("final loss %.4f, training accuracy %.4f, %.1f µs per epoch%n",
        outcome.loss(), outcome.accuracy(), outcome.microsPerEpoch());
  }

  /** Trains a fresh softmax-output model at {@code learningRate}. */
  public static QuadrantStudy.Outcome run(double learningRate, int epochs, boolean verbose) {
    return QuadrantStudy.train(rows -> new QuadrantSoftmaxNetModel(rows), learningRate, epochs,
        verbose);
  }
}
