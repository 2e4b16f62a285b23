package dev.nabla.train;

import dev.nabla.NablaModel;
import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import java.util.Objects;

/**
 * Loss and accuracy of a model on one data set, evaluated in chunks of at most the model's
 * {@code maxBatch} rows. Buffers are allocated once, here, so evaluating after every epoch
 * allocates nothing. The loss is taken against the targets when the data set has them, against
 * the labels otherwise (the same rule as {@link Trainer}).
 */
public final class Evaluator {
  private final NablaModel model;
  private final Dataset data;
  private final Batches chunks;
  private final int[] predicted;

  /**
   * @throws IllegalArgumentException if the data set has no rows, its width differs from the
   *     model's inputs, its targets from the model's outputs, or (without targets) a label is not
   *     one of the model's outputs
   */
  public Evaluator(NablaModel model, Dataset data) {
    this.model = Objects.requireNonNull(model, "model");
    this.data = Objects.requireNonNull(data, "data");
    requireCompatible(model, data, "dataset");
    this.chunks = new Batches(data, model.maxBatch(), 0);
    this.predicted = data.hasLabels() ? new int[chunks.batchSize()] : null;
  }

  /** Mean loss over all rows, weighting each chunk by its rows. */
  public float loss() {
    chunks.rewind();
    double total = 0;
    for (int rows; (rows = chunks.next()) > 0; ) {
      float chunkLoss = data.hasTargets()
          ? model.loss(chunks.features(), chunks.targets(), rows)
          : model.loss(chunks.features(), chunks.labels(), rows);
      total += (double) chunkLoss * rows;
    }
    return (float) (total / data.rows());
  }

  /**
   * Fraction of rows whose predicted class equals the label.
   *
   * @throws IllegalArgumentException if the data set has no labels
   */
  public double accuracy() {
    requireLabels("accuracy");
    chunks.rewind();
    long correct = 0;
    for (int rows; (rows = predictNextChunk()) > 0; ) {
      int[] labels = chunks.labels();
      for (int i = 0; i < rows; i++) {
        if (predicted[i] == labels[i]) {
          correct++;
        }
      }
    }
    return (double) correct / data.rows();
  }

  /**
   * Adds every row's (label, predicted class) pair to {@code matrix}, allocating nothing.
   *
   * @throws IllegalArgumentException if the data set has no labels, or the matrix has fewer
   *     classes than the model's outputs or the labels (checked before anything is counted)
   */
  public void addPredictionsTo(ConfusionMatrix matrix) {
    Objects.requireNonNull(matrix, "matrix");
    requireLabels("a confusion matrix");
    if (matrix.classes() < Math.max(model.outputs(), data.classCount())) {
      throw new IllegalArgumentException("the matrix has " + matrix.classes() + " classes but the "
          + "model predicts " + model.outputs() + " and the labels go up to "
          + (data.classCount() - 1));
    }
    chunks.rewind();
    for (int rows; (rows = predictNextChunk()) > 0; ) {
      matrix.add(chunks.labels(), predicted, rows);
    }
  }

  private void requireLabels(String what) {
    if (predicted == null) {
      throw new IllegalArgumentException(what + " needs labels; this dataset has only targets");
    }
  }

  /** Takes the next chunk and predicts its classes into {@code predicted}; returns its rows. */
  private int predictNextChunk() {
    int rows = chunks.next();
    if (rows > 0) {
      model.predictClasses(chunks.features(), rows, predicted);
    }
    return rows;
  }

  /**
   * Checks that {@code data} has rows, its width equals the model's inputs, its targets (if any)
   * have one value per model output, and its labels (if used, i.e. without targets) name one of
   * the model's outputs. {@code role} names the data set in messages, e.g. "validation set".
   */
  static void requireCompatible(NablaModel model, Dataset data, String role) {
    if (data.rows() == 0) {
      throw new IllegalArgumentException("the " + role + " has 0 rows");
    }
    if (data.width() != model.inputs()) {
      throw new IllegalArgumentException("the " + role + " has width " + data.width()
          + " but the model takes " + model.inputs() + " inputs");
    }
    if (data.hasTargets()) {
      if (data.targetWidth() != model.outputs()) {
        throw new IllegalArgumentException("the " + role + " has " + data.targetWidth()
            + " targets per row but the model has " + model.outputs() + " outputs");
      }
    } else if (data.classCount() > model.outputs()) {
      throw new IllegalArgumentException("the " + role + " has labels up to "
          + (data.classCount() - 1) + " but the model has only " + model.outputs()
          + " outputs; labels must lie in [0, " + model.outputs() + ")");
    }
  }
}
