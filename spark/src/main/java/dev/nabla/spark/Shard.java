package dev.nabla.spark;

import dev.nabla.NablaModel;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.SplittableRandom;

/**
 * One partition's rows, packed once into flat arrays, and the model replica that computes the
 * gradients of its slice of each global batch. A cached RDD hands the same shard to every task
 * of its partition, and its tasks run one at a time, so the replica is built once and used by
 * one thread at a time.
 */
final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final int rows;
  private final int width;
  private final float[] features;
  private final int[] labels;
  /** Row order of the current epoch. */
  private final int[] order;
  private int orderedEpoch = -1;
  private transient NablaModel replica;
  private transient float[] batchX;
  private transient int[] batchLabels;

  Shard(int partition, int width, float[] features, int[] labels) {
    this.partition = partition;
    this.rows = labels.length;
    this.width = width;
    this.features = features;
    this.labels = labels;
    this.order = new int[rows];
  }

  /**
   * Adds {@code sliceRows ×} the gradient of the mean loss over rows {@code [first, first +
   * sliceRows)} of this epoch's order to {@code sum}, and that times the loss to
   * {@code sum[parameterCount]}; {@code sum[parameterCount + 1]} counts the rows.
   */
  float[] addGradients(float[] sum, Class<? extends NablaModel> modelClass, int maxSlice,
      float[] parameters, long seed, int epoch, int first) {
    int count = Math.min(maxSlice, rows - first);
    if (count <= 0) {
      return sum;
    }
    NablaModel model = replica(modelClass, maxSlice);
    System.arraycopy(parameters, 0, model.parameters(), 0, parameters.length);
    model.parametersChanged();
    int[] epochOrder = order(seed, epoch);
    for (int r = 0; r < count; r++) {
      int row = epochOrder[first + r];
      System.arraycopy(features, row * width, batchX, r * width, width);
      batchLabels[r] = labels[row];
    }
    float loss = model.computeGradients(batchX, batchLabels, count);
    float[] gradients = model.gradients();
    int n = parameters.length;
    for (int i = 0; i < n; i++) {
      sum[i] += count * gradients[i];
    }
    sum[n] += count * loss;
    sum[n + 1] += count;
    return sum;
  }

  /**
   * This epoch's row order: a Fisher-Yates shuffle seeded by (seed, epoch, partition), or the
   * stored order for a negative seed.
   */
  int[] order(long seed, int epoch) {
    if (epoch != orderedEpoch) {
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
      if (seed >= 0) {
        shuffle(order, new SplittableRandom(seed + 1_000_003L * epoch + partition));
      }
      orderedEpoch = epoch;
    }
    return order;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private NablaModel replica(Class<? extends NablaModel> modelClass, int maxSlice) {
    if (replica == null || replica.getClass() != modelClass || replica.maxBatch() < maxSlice) {
      replica = newModel(modelClass, maxSlice);
      batchX = new float[maxSlice * width];
      batchLabels = new int[maxSlice];
    }
    return replica;
  }

  /** A generated model through its public {@code (int maxBatch)} constructor. */
  static NablaModel newModel(Class<? extends NablaModel> modelClass, int maxBatch) {
    try {
      return modelClass.getConstructor(int.class).newInstance(maxBatch);
    } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
      throw new IllegalArgumentException(modelClass.getName()
          + " is not a generated model: it has no public (int maxBatch) constructor", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
