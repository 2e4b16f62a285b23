package dev.nabla.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Shuffled mini-batches of a data set, copied into buffers allocated once, here.
 *
 * <pre>{@code
 * Batches batches = new Batches(train, 32, seed);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   batches.shuffle();
 *   for (int rows; (rows = batches.next()) > 0; ) {
 *     model.trainStep(batches.features(), batches.labels(), rows, optimizer);
 *   }
 * }
 * }</pre>
 *
 * <p>Each epoch visits every row exactly once, in a new order drawn by a Fisher–Yates shuffle of
 * a preallocated permutation. The last batch of an epoch holds the remaining rows, possibly fewer
 * than the batch size; {@link #next()} returns how many. After construction nothing is allocated.
 * Not thread-safe.
 */
public final class Batches {
  private final Dataset data;
  private final int batchSize;
  private final SplittableRandom random;
  private final int[] order;
  private final float[] features;
  private final int[] labels;
  private final float[] targets;
  private int position;

  /**
   * Buffers for {@code min(batchSize, data.rows())} rows. The first epoch starts unshuffled until
   * {@link #shuffle()} is called.
   *
   * @throws IllegalArgumentException if the data set has no rows or {@code batchSize < 1}
   */
  public Batches(Dataset data, int batchSize, long seed) {
    this.data = Objects.requireNonNull(data, "data");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("cannot make batches of a dataset with 0 rows");
    }
    this.batchSize = Math.min(batchSize, data.rows());
    this.random = new SplittableRandom(seed);
    this.order = new int[data.rows()];
    Permutation.identity(order);
    this.features = new float[this.batchSize * data.width()];
    this.labels = data.hasLabels() ? new int[this.batchSize] : null;
    this.targets = data.hasTargets() ? new float[this.batchSize * data.targetWidth()] : null;
  }

  /** Rows per full batch: the requested size, or the data set's rows if it has fewer. */
  public int batchSize() {
    return batchSize;
  }

  /** Batches in one epoch, counting the final partial one. */
  public int batchesPerEpoch() {
    return (data.rows() + batchSize - 1) / batchSize;
  }

  /** Starts a new epoch in a new random order. */
  public void shuffle() {
    Permutation.shuffle(order, random);
    position = 0;
  }

  /** Starts a new epoch in the current order (for evaluation, where order does not matter). */
  public void rewind() {
    position = 0;
  }

  /**
   * Copies the next batch into {@link #features()}, {@link #labels()} and {@link #targets()}.
   *
   * @return rows in the batch, or 0 once the epoch is exhausted
   */
  public int next() {
    int rows = Math.min(batchSize, order.length - position);
    int width = data.width();
    int targetWidth = data.targetWidth();
    float[] sourceFeatures = data.features();
    int[] sourceLabels = data.labels();
    float[] sourceTargets = data.targets();
    for (int i = 0; i < rows; i++) {
      int row = order[position + i];
      System.arraycopy(sourceFeatures, row * width, features, i * width, width);
      if (labels != null) {
        labels[i] = sourceLabels[row];
      }
      if (targets != null) {
        System.arraycopy(sourceTargets, row * targetWidth, targets, i * targetWidth, targetWidth);
      }
    }
    position += rows;
    return rows;
  }

  /** The current batch's features, row-major {@code batchSize × width}; reused by every batch. */
  public float[] features() {
    return features;
  }

  /** The current batch's labels, or {@code null} if the data set has none; reused. */
  public int[] labels() {
    return labels;
  }

  /** The current batch's targets, or {@code null} if the data set has none; reused. */
  public float[] targets() {
    return targets;
  }
}
