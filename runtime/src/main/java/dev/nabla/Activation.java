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
  RELU
}
