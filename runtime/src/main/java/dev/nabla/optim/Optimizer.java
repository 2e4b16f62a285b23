package dev.nabla.optim;

/** Updates parameters in place from their gradients. Allocation-free after its first step. */
public interface Optimizer {
  /** Updates {@code params[0, length)} from {@code grads[0, length)}. */
  void step(float[] params, float[] grads, int length);

  /** Learning rate of the next step. */
  float learningRate();
}
