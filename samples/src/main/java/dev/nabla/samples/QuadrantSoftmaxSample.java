package dev.nabla.samples;

import dev.nabla.samples.quadrants.QuadrantSoftmaxStudy;

/** Entry point of the quadrant study's softmax variant. */
public final class QuadrantSoftmaxSample {
  private QuadrantSoftmaxSample() {}

  public static void main(String[] args) {
    QuadrantSoftmaxStudy.main(args);
  }
}
