package dev.nabla.train;

import dev.nabla.NablaModel;

/** Called by {@link Trainer} after each epoch, e.g. to print progress. */
@FunctionalInterface
public interface EpochListener {
  /**
   * @param epoch the epoch just finished, counted from 1
   * @param trainingLoss mean loss over that epoch's training steps
   * @param validationLoss loss on the validation set after the epoch, or NaN without one
   * @param model the model being trained, with the parameters reached after this epoch
   */
  void onEpoch(int epoch, float trainingLoss, float validationLoss, NablaModel model);
}
