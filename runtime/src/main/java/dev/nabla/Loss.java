package dev.nabla;

/**
 * Training losses. All are averaged over the rows of a batch (m rows, n outputs).
 */
public enum Loss {
  /** L = Σ (a − y)² / (m·n): mean over every element, as PyTorch's {@code MSELoss}. */
  MEAN_SQUARED_ERROR,
  /**
   * L = −Σ [y·log a + (1 − y)·log(1 − a)] / m, summed over outputs and averaged over rows. The
   * output layer must use {@link Activation#SIGMOID}; the loss is evaluated from the logits for
   * stability and the gradient is fused: dZ = (a − y) / m.
   */
  BINARY_CROSS_ENTROPY,
  /**
   * L = −Σ y·log softmax(a) / m over the output layer's activations a. With an identity output
   * these are logits and dZ = (softmax(Z) − Y) / m; after another activation the softmax is taken
   * over the activated outputs, as one of the reference studies does.
   */
  SOFTMAX_CROSS_ENTROPY
}
