package dev.nabla.train;

/**
 * What a {@link Trainer#fit} run did. Epochs are counted from 1; the histories hold one value
 * per epoch run, history[epoch − 1]. The arrays belong to this result (each run makes new ones).
 *
 * @param epochsRun epochs actually run: all requested, or fewer after early stopping
 * @param bestEpoch the epoch with the lowest validation loss, or the lowest training loss when
 *     there was no validation set; with a validation set the model ends with this epoch's
 *     parameters
 * @param finalLoss training loss of the last epoch run
 * @param bestLoss the lowest validation loss, or the lowest training loss without validation
 * @param lossHistory training loss of each epoch: the mean over its steps, weighted by rows
 * @param validationLossHistory validation loss after each epoch; empty without a validation set
 * @param stoppedEarly whether early stopping ended the run before the requested epochs
 */
public record TrainingResult(int epochsRun, int bestEpoch, float finalLoss, float bestLoss,
    float[] lossHistory, float[] validationLossHistory, boolean stoppedEarly) {

  /** Whether the run tracked a validation set. */
  public boolean validated() {
    return validationLossHistory.length > 0;
  }
}
