package dev.nabla.data;

import java.util.Objects;

/**
 * Per-column standardisation x′ = (x − mean) / std, fitted on one data set (the training split,
 * so nothing leaks from validation or test data) and applied to any data set of the same width.
 *
 * <p>The std is the population standard deviation (divided by n). A constant column has std 0;
 * it is treated as 1 there, so that column becomes all zeros instead of NaN.
 */
public final class Standardizer {
  private final float[] mean;
  private final float[] std;

  private Standardizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Column means and standard deviations of {@code data}'s features.
   *
   * @throws IllegalArgumentException if {@code data} has no rows
   */
  public static Standardizer fit(Dataset data) {
    Objects.requireNonNull(data, "data");
    int rows = data.rows();
    int width = data.width();
    if (rows == 0) {
      throw new IllegalArgumentException("cannot fit a standardizer on a dataset with 0 rows");
    }
    float[] x = data.features();
    // Two passes in double: stable, and a constant column gets a variance of exactly 0.
    double[] sum = new double[width];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < width; col++) {
        sum[col] += x[row * width + col];
      }
    }
    double[] squares = new double[width];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < width; col++) {
        double d = x[row * width + col] - sum[col] / rows;
        squares[col] += d * d;
      }
    }
    float[] mean = new float[width];
    float[] std = new float[width];
    for (int col = 0; col < width; col++) {
      mean[col] = (float) (sum[col] / rows);
      double deviation = Math.sqrt(squares[col] / rows);
      std[col] = deviation > 0 ? (float) deviation : 1f;
    }
    return new Standardizer(mean, std);
  }

  /** Number of columns this standardizer was fitted on. */
  public int width() {
    return mean.length;
  }

  /** A copy of the column means. */
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the column standard deviations, with 1 in place of 0 for constant columns. */
  public float[] std() {
    return std.clone();
  }

  /** A new data set with standardised features; labels and targets are shared with {@code data}. */
  public Dataset apply(Dataset data) {
    Objects.requireNonNull(data, "data");
    if (data.width() != mean.length) {
      throw new IllegalArgumentException("dataset has width " + data.width()
          + " but this standardizer was fitted on width " + mean.length);
    }
    float[] standardised = data.features().clone();
    applyInPlace(standardised, data.rows());
    return data.withFeatures(standardised);
  }

  /**
   * Standardises the first {@code rows} rows of a row-major feature array in place, for inputs
   * that are not in a {@link Dataset}, such as one row to classify.
   */
  public void applyInPlace(float[] features, int rows) {
    Objects.requireNonNull(features, "features");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    if ((long) rows * mean.length > features.length) {
      throw new IllegalArgumentException("features has length " + features.length
          + ", too short for " + rows + " rows of width " + mean.length);
    }
    int width = mean.length;
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < width; col++) {
        int i = row * width + col;
        features[i] = (features[i] - mean[col]) / std[col];
      }
    }
  }
}
