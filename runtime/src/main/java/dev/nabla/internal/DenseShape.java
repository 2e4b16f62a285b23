package dev.nabla.internal;

import dev.nabla.Activation;

/**
 * Where one dense layer of a generated model lives and what it computes: its position, widths,
 * offsets in the flat parameter buffer, activation, and whether the forward pass reads its W and
 * b from the effective weights (constrained or quantized) or from the parameters themselves.
 * Generated models hold one per layer as a constant. Not API.
 */
public final class DenseShape {
  /** Position among the model's layers, from 0. */
  public final int index;
  public final String name;
  public final int in;
  public final int units;
  public final int weightOffset;
  public final boolean hasBias;
  /** Offset of b, right after W. */
  public final int biasOffset;
  public final Activation activation;
  final boolean effectiveWeights;
  final boolean effectiveBias;

  private DenseShape(int index, String name, int in, int units, int weightOffset, boolean hasBias,
      Activation activation, boolean effectiveWeights, boolean effectiveBias) {
    this.index = index;
    this.name = name;
    this.in = in;
    this.units = units;
    this.weightOffset = weightOffset;
    this.hasBias = hasBias;
    this.biasOffset = weightOffset + in * units;
    this.activation = activation;
    this.effectiveWeights = effectiveWeights;
    this.effectiveBias = effectiveBias;
  }

  /** Layer {@code index}, reading W and b from the parameters. */
  public DenseShape(int index, String name, int in, int units, int weightOffset, boolean hasBias,
      Activation activation) {
    this(index, name, in, units, weightOffset, hasBias, activation, false, false);
  }

  /** This layer with W, b or both read from the effective weights, W = map(W′). */
  public DenseShape mapped(boolean weights, boolean bias) {
    return new DenseShape(index, name, in, units, weightOffset, hasBias, activation, weights, bias);
  }
}
