package dev.nabla.data;

import java.util.Objects;

/**
 * Rows of features with class labels, real-valued targets, or both.
 *
 * <p>Features are row-major {@code rows × width}; labels are class indices, one per row; targets
 * are row-major {@code rows × targetWidth}. Everything is checked once, at construction, so code
 * downstream can trust the numbers.
 *
 * <p>The arrays are taken over, not copied: a data set of 60000 images would otherwise live
 * twice in memory. The accessors return those same arrays so batching can copy straight from
 * them. Nothing here writes to them, and callers must not either.
 */
public final class Dataset {
  private final int rows;
  private final int width;
  private final float[] features;
  private final int[] labels;
  private final float[] targets;
  private final int targetWidth;
  private final int classCount;

  private Dataset(int rows, int width, float[] features, int[] labels, float[] targets,
      int targetWidth, int classCount) {
    this.rows = rows;
    this.width = width;
    this.features = features;
    this.labels = labels;
    this.targets = targets;
    this.targetWidth = targetWidth;
    this.classCount = classCount;
  }

  /** Features with one class label per row; rows = {@code labels.length}. */
  public static Dataset withLabels(float[] features, int width, int[] labels) {
    Objects.requireNonNull(labels, "labels");
    return of(features, width, labels, null, 0);
  }

  /** Features with {@code targetWidth} target values per row. */
  public static Dataset withTargets(float[] features, int width, float[] targets,
      int targetWidth) {
    Objects.requireNonNull(targets, "targets");
    return of(features, width, null, targets, targetWidth);
  }

  /**
   * Features with labels, targets, or both ({@code null} for the one that is absent; at least one
   * must be given). Rows = {@code features.length / width}.
   *
   * @throws IllegalArgumentException if a length disagrees with the row count, a label is
   *     negative, or a feature or target is NaN or infinite (the message names row and column)
   */
  public static Dataset of(float[] features, int width, int[] labels, float[] targets,
      int targetWidth) {
    Objects.requireNonNull(features, "features");
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if (labels == null && targets == null) {
      throw new IllegalArgumentException("a dataset needs labels, targets or both; both are null");
    }
    if (features.length % width != 0) {
      throw new IllegalArgumentException("features has length " + features.length
          + ", which is not a whole number of rows of width " + width);
    }
    int rows = features.length / width;
    requireFinite("features", features, width);
    int classCount = 0;
    if (labels != null) {
      if (labels.length != rows) {
        throw new IllegalArgumentException("labels has length " + labels.length
            + " but features has " + rows + " rows of width " + width);
      }
      for (int row = 0; row < rows; row++) {
        if (labels[row] < 0) {
          throw new IllegalArgumentException(
              "label of row " + row + " is " + labels[row] + "; labels must be >= 0");
        }
        classCount = Math.max(classCount, labels[row] + 1);
      }
    }
    if (targets != null) {
      if (targetWidth < 1) {
        throw new IllegalArgumentException("targetWidth must be >= 1, got " + targetWidth);
      }
      if ((long) rows * targetWidth != targets.length) {
        throw new IllegalArgumentException("targets has length " + targets.length + " but " + rows
            + " rows of target width " + targetWidth + " need " + (long) rows * targetWidth);
      }
      requireFinite("targets", targets, targetWidth);
    }
    return new Dataset(rows, width, features, labels, targets, targets == null ? 0 : targetWidth,
        classCount);
  }

  private static void requireFinite(String what, float[] values, int width) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            what + " row " + (i / width) + ", column " + (i % width) + " is " + values[i]);
      }
    }
  }

  public int rows() {
    return rows;
  }

  /** Features per row. */
  public int width() {
    return width;
  }

  /** The row-major {@code rows × width} features. Shared, not a copy: do not modify. */
  public float[] features() {
    return features;
  }

  public boolean hasLabels() {
    return labels != null;
  }

  public boolean hasTargets() {
    return targets != null;
  }

  /** One class index per row, or {@code null} without labels. Shared, not a copy. */
  public int[] labels() {
    return labels;
  }

  /** Row-major {@code rows × targetWidth} targets, or {@code null}. Shared, not a copy. */
  public float[] targets() {
    return targets;
  }

  /** Target values per row; 0 without targets. */
  public int targetWidth() {
    return targetWidth;
  }

  /** Largest label + 1 (0 without labels or rows): the fewest classes that cover the labels. */
  public int classCount() {
    return classCount;
  }

  /**
   * The given rows, in the given order, copied into a new data set. Indices may repeat (as in a
   * bootstrap sample).
   *
   * @throws IllegalArgumentException if an index lies outside [0, rows)
   */
  public Dataset subset(int[] rowIndices) {
    Objects.requireNonNull(rowIndices, "rowIndices");
    for (int i = 0; i < rowIndices.length; i++) {
      if (rowIndices[i] < 0 || rowIndices[i] >= rows) {
        throw new IllegalArgumentException("rowIndices[" + i + "] is " + rowIndices[i]
            + ", outside the " + rows + " rows [0, " + rows + ")");
      }
    }
    int n = rowIndices.length;
    float[] subFeatures = new float[Math.multiplyExact(n, width)];
    int[] subLabels = labels == null ? null : new int[n];
    float[] subTargets = targets == null ? null : new float[Math.multiplyExact(n, targetWidth)];
    int subClassCount = 0;
    for (int i = 0; i < n; i++) {
      int row = rowIndices[i];
      System.arraycopy(features, row * width, subFeatures, i * width, width);
      if (subLabels != null) {
        subLabels[i] = labels[row];
        subClassCount = Math.max(subClassCount, labels[row] + 1);
      }
      if (subTargets != null) {
        System.arraycopy(targets, row * targetWidth, subTargets, i * targetWidth, targetWidth);
      }
    }
    return new Dataset(n, width, subFeatures, subLabels, subTargets, targetWidth, subClassCount);
  }

  /**
   * The same features and labels with one-hot targets over {@code classes} classes, as models
   * with a mean-squared-error or per-output loss need. Features and labels are shared.
   *
   * @throws IllegalArgumentException without labels, or if a label is {@code >= classes}
   */
  public Dataset oneHotTargets(int classes) {
    if (labels == null) {
      throw new IllegalArgumentException("oneHotTargets needs labels; this dataset has none");
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    for (int row = 0; row < rows; row++) {
      if (labels[row] >= classes) {
        throw new IllegalArgumentException("label of row " + row + " is " + labels[row]
            + ", outside the " + classes + " classes [0, " + classes + ")");
      }
    }
    float[] oneHot = new float[rows * classes];
    for (int row = 0; row < rows; row++) {
      oneHot[row * classes + labels[row]] = 1f;
    }
    return new Dataset(rows, width, features, labels, oneHot, classes, classCount);
  }

  /** A new data set with these features in place of the current ones; labels and targets shared. */
  Dataset withFeatures(float[] newFeatures) {
    return new Dataset(rows, width, newFeatures, labels, targets, targetWidth, classCount);
  }

  @Override
  public String toString() {
    return "Dataset(" + rows + " rows × " + width + (labels != null ? ", " + classCount
        + " classes" : "") + (targets != null ? ", targets × " + targetWidth : "") + ")";
  }
}
