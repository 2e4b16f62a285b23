package dev.nabla.internal;

import dev.nabla.Loss;
import dev.nabla.internal.kernel.KernelOps;

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
    checkOutput(what, values, rows, width);
    long needed = (long) rows * width;
    if (!KernelOps.allFinite(values, (int) needed)) {
      for (int i = 0; i < needed; i++) {
        if (!Float.isFinite(values[i])) {
          throw new IllegalArgumentException(what + " row " + (i / width) + ", column "
              + (i % width) + " is " + values[i]);
        }
      }
    }
  }

  /** {@code out} has room for rows × width values (any values: it is written, not read). */
  public static void checkOutput(String what, float[] out, int rows, int width) {
    if (out == null) {
      throw new NullPointerException(what + " is null");
    }
    long needed = (long) rows * width;
    if (out.length < needed) {
      throw new IllegalArgumentException(what + " has length " + out.length + " but " + rows
          + " rows of width " + width + " need " + needed);
    }
  }

  /** Largest |row sum − 1| accepted for softmax cross-entropy targets, summed in double. */
  public static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

  /**
   * {@code targets} holds at least rows × width finite numbers that fit {@code loss}: for softmax
   * cross-entropy each row is a probability distribution (values in [0, 1] summing to 1 within
   * {@link #PROBABILITY_SUM_TOLERANCE}), for binary cross-entropy every value lies in [0, 1]
   * (several labels may hold at once); the regression losses take any finite target.
   */
  public static void checkTargets(Loss loss, float[] targets, int rows, int width) {
    checkMatrix("targets", targets, rows, width);
    if (loss != Loss.SOFTMAX_CROSS_ENTROPY && loss != Loss.BINARY_CROSS_ENTROPY) {
      return;
    }
    String kind = loss == Loss.SOFTMAX_CROSS_ENTROPY ? "softmax" : "binary";
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int j = r * width; j < (r + 1) * width; j++) {
        float target = targets[j];
        if (!(target >= 0 && target <= 1)) {
          throw new IllegalArgumentException("targets row " + r + ", column " + (j - r * width)
              + " is " + target + ", but " + kind + " cross-entropy targets are probabilities and "
              + "must lie in [0, 1]");
        }
        sum += target;
      }
      if (loss == Loss.SOFTMAX_CROSS_ENTROPY && Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
        throw new IllegalArgumentException("targets row " + r + " sums to " + (float) sum
            + ", but softmax cross-entropy targets are probabilities and must sum to 1 (within "
            + PROBABILITY_SUM_TOLERANCE + ")");
      }
    }
  }

  /** {@code classes} has room for the class of each of {@code rows} rows. */
  public static void checkClasses(int[] classes, int rows) {
    if (classes == null) {
      throw new NullPointerException("classes is null");
    }
    if (classes.length < rows) {
      throw new IllegalArgumentException(
          "classes has length " + classes.length + " but rows is " + rows);
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
