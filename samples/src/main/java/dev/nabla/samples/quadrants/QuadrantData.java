package dev.nabla.samples.quadrants;

import java.util.Random;

/**
 * Four Gaussian clusters, one per quadrant: centres (1,1) → 0, (−1,1) → 1, (−1,−1) → 2 and
 * (1,−1) → 3, {@code perCluster} points each with standard deviation {@code std}. The one-hot
 * targets are built once, as the study does, rather than from the labels in every epoch.
 */
record QuadrantData(float[] x, int[] labels, float[] oneHot, int rows) {
  private static final float[][] CENTRES = {{1, 1}, {-1, 1}, {-1, -1}, {1, -1}};

  static QuadrantData generate(int perCluster, double std, long seed) {
    Random random = new Random(seed);
    int rows = perCluster * CENTRES.length;
    float[] x = new float[rows * 2];
    int[] labels = new int[rows];
    for (int c = 0; c < CENTRES.length; c++) {
      for (int i = 0; i < perCluster; i++) {
        int row = c * perCluster + i;
        x[row * 2] = (float) (CENTRES[c][0] + std * random.nextGaussian());
        x[row * 2 + 1] = (float) (CENTRES[c][1] + std * random.nextGaussian());
        labels[row] = c;
      }
    }
    float[] oneHot = new float[rows * CENTRES.length];
    for (int row = 0; row < rows; row++) {
      oneHot[row * CENTRES.length + labels[row]] = 1f;
    }
    return new QuadrantData(x, labels, oneHot, rows);
  }
}
