package dev.nabla;

import dev.nabla.kernel.Kernels;

/**
 * Argument checks shared by every generated model. They run before a model touches any state,
 * so a rejected call leaves the model exactly as it was.
 */
public final class ModelInputs {
  private ModelInputs() {}

  /** 1 ≤ rows ≤ maxBatch. */
  public static void checkRows(int rows, int maxBatch) {
    if (rows < 1 || rows > maxBatch) {
      throw new IllegalArgumentException(
          "rows must be between 1 and the model's maxBatch " + maxBatch + ", got " + rows);
    }
  }

  /** {@code values} holds at least rows × width finite numbers. */
  public static void checkMatrix(String what, float[] values, int rows, int width) {
    if (values == null) {
      throw new NullPointerException(what + " is null");
    }
    long needed = (long) rows * width;
    if (values.length < needed) {
      throw new IllegalArgumentException(what + " has length " + values.length + " but " + rows
          + " rows of width " + width + " need " + needed);
    }
    if (!Kernels.allFinite(values, (int) needed)) {
      for (int i = 0; i < needed; i++) {
        if (!Float.isFinite(values[i])) {
          throw new IllegalArgumentException(what + " row " + (i / width) + ", column "
              + (i % width) + " is " + values[i]);
        }
      }
    }
  }

  /** Every label in [0, classes); then writes their one-hot rows into {@code oneHot}. */
  public static void oneHot(int[] labels, int rows, int classes, float[] oneHot) {
    if (labels == null) {
      throw new NullPointerException("labels is null");
    }
    if (labels.length < rows) {
      throw new IllegalArgumentException(
          "labels has length " + labels.length + " but " + rows + " rows need " + rows);
    }
    for (int i = 0; i < rows; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label of row " + i + " is " + labels[i]
            + ", outside the model's " + classes + " classes [0, " + classes + ")");
      }
    }
    java.util.Arrays.fill(oneHot, 0, rows * classes, 0f);
    for (int i = 0; i < rows; i++) {
      oneHot[i * classes + labels[i]] = 1f;
    }
  }

  /** Index of the largest of {@code n} values starting at {@code offset}; ties go to the first. */
  public static int argMax(float[] values, int offset, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }
}
