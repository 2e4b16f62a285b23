package dev.nabla.monitor;

import static dev.nabla.Loss.SOFTMAX_CROSS_ENTROPY;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Model;
import dev.nabla.data.Dataset;
import java.util.SplittableRandom;

/** A 2-input, 3-class softmax classifier and well-separated clusters for it to learn. */
@Model(inputs = 2, loss = SOFTMAX_CROSS_ENTROPY)
abstract class Clusters {
  @Layer(units = 3) Dense output;

  /** Three 2-D clusters around (4, 0), (−4, 4), (0, −4); {@code perClass} noisy points each. */
  static Dataset data(int perClass, long seed) {
    float[][] centres = {{4, 0}, {-4, 4}, {0, -4}};
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 3 * perClass;
    float[] features = new float[rows * 2];
    int[] labels = new int[rows];
    for (int row = 0; row < rows; row++) {
      labels[row] = row % 3;
      features[2 * row] = centres[row % 3][0] + 2 * (float) random.nextGaussian();
      features[2 * row + 1] = centres[row % 3][1] + 2 * (float) random.nextGaussian();
    }
    return Dataset.withLabels(features, 2, labels);
  }
}
