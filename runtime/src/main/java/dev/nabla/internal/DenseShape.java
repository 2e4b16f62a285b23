package dev.nabla.internal;

import dev.nabla.Activation;

/**
 * Where one dense layer of a generated model lives and what it computes: its position, widths,
 * offset in the flat parameter buffer, activation, and whether the forward pass reads its W and
 * b from the effective weights (constrained or quantized) or from the parameters themselves.
 * Generated models hold one per layer as a constant. A record, so that the JIT trusts its fields
 * as constants and folds the kernels' shape checks and routing as it did for literal arguments.
 * Not API.
 *
 * @param index position among the model's layers, from 0
 */
public record DenseShape(int index, String name, int in, int units, int weightOffset,
    boolean hasBias, Activation activation, boolean effectiveWeights, boolean effectiveBias) {
  /** Layer {@code index}, reading W and b from the parameters. */
  public DenseShape(int index, String name, int in, int units, int weightOffset, boolean hasBias,
      Activation activation) {
    this(index, name, in, units, weightOffset, hasBias, activation, false, false);
  }

  /** Offset of b, right after W. */
  public int biasOffset() {
    return weightOffset + in * units;
  }

  /** This layer with W, b or both read from the effective weights, W = map(W′). */
  public DenseShape mapped(boolean weights, boolean bias) {
    return new DenseShape(index, name, in, units, weightOffset, hasBias, activation, weights, bias);
  }
}
