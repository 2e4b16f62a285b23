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
  SOFTMAX_CROSS_ENTROPY,
  /**
   * L = Σ |a − y| / (m·n), as PyTorch's {@code L1Loss}; dA = sign(a − y) / (m·n) with sign(0) = 0,
   * PyTorch's subgradient at the kink.
   */
  MEAN_ABSOLUTE_ERROR,
  /**
   * L = Σ h(a − y) / (m·n) with h(d) = d²/2 for |d| < δ, else δ·(|d| − δ/2), as PyTorch's
   * {@code HuberLoss}; δ is {@link Model#huberDelta()}. dA = clamp(a − y, −δ, δ) / (m·n).
   */
  HUBER
}
