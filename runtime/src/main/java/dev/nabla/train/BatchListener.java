package dev.nabla.train;

/**
 * Called by {@link Trainer} after each training step, e.g. to drive a progress bar. Primitive
 * arguments only, so the call allocates nothing.
 */
@FunctionalInterface
public interface BatchListener {
  /**
   * @param epoch the current epoch, counted from 1
   * @param batch the step just taken within the epoch, counted from 1
   * @param batches the number of steps in each epoch (1 for full-batch training)
   * @param rows the rows in this step's batch (the last batch of an epoch may be smaller)
   * @param loss this step's mean loss over its rows
   */
  void onBatch(int epoch, int batch, int batches, int rows, float loss);
}
