package dev.nabla;

/** Element-wise activation applied after a layer's affine map. */
public enum Activation {
  /** a = z. */
  IDENTITY,
  /** a = 1 / (1 + e^-z), values in (0, 1). */
  SIGMOID,
  /** a = tanh z, values in (-1, 1). */
  TANH,
  /** a = max(0, z). */
  RELU,
  /** a = z for z > 0, else slope·z, with the layer's {@link Layer#slope()} (PyTorch's LeakyReLU). */
  LEAKY_RELU,
  /**
   * a = z·Φ(z) = z·(1 + erf(z/√2))/2, the exact form of PyTorch's default {@code nn.GELU}; erf is
   * evaluated by a rational approximation within 1.2e-7 relative error of erfc.
   */
  GELU,
  /** a = log(1 + e^z), evaluated as max(z, 0) + log(1 + e^−|z|) so that no e^z overflows. */
  SOFTPLUS,
  /**
   * a = e^z / Σ e^z over the units of each row; only on the output layer, and not with
   * {@link Loss#SOFTMAX_CROSS_ENTROPY}, which takes the softmax itself.
   */
  SOFTMAX
}
