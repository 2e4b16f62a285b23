package dev.nabla.internal;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Layer;

/**
 * Where one dense layer of a generated model lives and what it computes: its position, widths,
 * offset in the flat parameter buffer, activation, and its constraint and quantizer (null when
 * absent), which decide whether the forward pass reads W and b from the effective weights or from
 * the parameters themselves. Generated models hold one per layer as a constant. A record, so that
 * the JIT trusts its fields as constants and folds the kernels' shape checks and routing as it did
 * for literal arguments. Not API.
 *
 * @param index position among the model's layers, from 0
 * @param slope a {@link Activation#LEAKY_RELU}'s slope for z ≤ 0, in [0, 1); 0 otherwise
 */
public record DenseShape(int index, String name, int in, int units, int weightOffset,
    boolean hasBias, Activation activation, WeightConstraint constraint,
    WeightQuantizer quantizer, double slope) {
  public DenseShape {
    if (activation == Activation.LEAKY_RELU ? !(slope >= 0 && slope < 1) : slope != 0) {
      throw new IllegalArgumentException("layer '" + name + "': slope " + slope + " does not fit "
          + activation + " (LEAKY_RELU takes a slope in [0, 1), other activations none)");
    }
  }

  /** Layer {@code index}, unconstrained and unquantized; a LEAKY_RELU's slope is the default. */
  public DenseShape(int index, String name, int in, int units, int weightOffset, boolean hasBias,
      Activation activation) {
    this(index, name, in, units, weightOffset, hasBias, activation, null, null,
        activation == Activation.LEAKY_RELU ? Layer.DEFAULT_SLOPE : 0);
  }

  /** Offset of b, right after W. */
  public int biasOffset() {
    return weightOffset + in * units;
  }

  /** Whether the forward pass reads W from the effective weights, W = map(W′). */
  public boolean effectiveWeights() {
    return constraint != null || quantizer != null;
  }

  /** Whether the forward pass reads b from the effective weights. */
  public boolean effectiveBias() {
    return hasBias && (quantizer != null || constraint != null && constraint.bias());
  }

  /** This layer with W (and b when {@code bias}) constrained to (lo, hi) by {@code kind}. */
  public DenseShape constrained(Constraint kind, double lo, double hi, boolean bias) {
    return new DenseShape(index, name, in, units, weightOffset, hasBias, activation,
        new WeightConstraint(kind, lo, hi, bias && hasBias), quantizer, slope);
  }

  /** This layer with W and b quantized to multiples of {@code step}. */
  public DenseShape quantized(double step, boolean straightThrough) {
    return new DenseShape(index, name, in, units, weightOffset, hasBias, activation, constraint,
        new WeightQuantizer(step, straightThrough), slope);
  }

  /** This LEAKY_RELU layer with {@code slope} for z ≤ 0. */
  public DenseShape slope(double slope) {
    return new DenseShape(index, name, in, units, weightOffset, hasBias, activation, constraint,
        quantizer, slope);
  }
}
