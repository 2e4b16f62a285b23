package dev.nabla.optim;

import dev.nabla.NablaModel;

/**
 * Updates parameters in place from their gradients. Allocation-free after its first step.
 *
 * <p>{@link NablaModel#trainStep} (and so {@link dev.nabla.train.Trainer}) calls
 * {@link #step(NablaModel)}, which lets the optimizer see the model's layers: Nabla's optimizers
 * resolve their {@link WeightDecay} against them there. An optimizer of your own only needs
 * {@link #step(float[], float[], int)} and {@link #learningRate()}.
 */
public interface Optimizer {
  /** Updates {@code params[0, length)} from {@code grads[0, length)}. */
  void step(float[] params, float[] grads, int length);

  /**
   * Updates {@code model.parameters()} from {@code model.gradients()}, which must be fresh
   * ({@link NablaModel#computeGradients}); {@code trainStep} calls it after checking them.
   * Does not call {@link NablaModel#parametersChanged()}: the caller does, after the update.
   * By default the flat {@link #step(float[], float[], int)} on the whole buffer.
   */
  default void step(NablaModel model) {
    step(model.parameters(), model.gradients(), model.parameterCount());
  }

  /** Learning rate of the next step. */
  float learningRate();

  /**
   * Sets the learning rate of the next steps, as a {@link LearningRateSchedule} does through the
   * {@link dev.nabla.train.Trainer}; allocation-free. Nabla's optimizers accept any finite rate
   * {@code >= 0} (a schedule may anneal to 0). By default unsupported.
   *
   * @throws UnsupportedOperationException if this optimizer's rate is fixed
   * @throws IllegalArgumentException if {@code rate} is negative, NaN or infinite as a float
   */
  default void learningRate(double rate) {
    throw new UnsupportedOperationException(this + " has a fixed learning rate");
  }

  /** The weight decay this optimizer applies; {@link WeightDecay#none()} by default. */
  default WeightDecay weightDecay() {
    return WeightDecay.none();
  }
}
