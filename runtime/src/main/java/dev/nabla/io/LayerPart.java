package dev.nabla.io;

import dev.nabla.internal.DenseShape;
import dev.nabla.internal.WeightConstraint;

/**
 * A layer's W or b: where it lives in the flat parameter layout (W in × units row-major, as
 * Nabla keeps it) and how a file holds it (W as [units, in], as PyTorch's {@code nn.Linear}).
 */
record LayerPart(DenseShape layer, boolean bias) {
  static final String FREE = "nabla.free.";

  /** {@code <layer>.weight} or {@code <layer>.bias}. */
  String tensorName() {
    return layer.name() + (bias ? ".bias" : ".weight");
  }

  /** The file's shape: [units, in] for W, [units] for b. */
  int[] fileShape() {
    return bias ? new int[] {layer.units()} : new int[] {layer.units(), layer.in()};
  }

  int length() {
    return bias ? layer.units() : layer.in() * layer.units();
  }

  /** Whether the forward pass reads this part from the effective weights, W = map(W′). */
  boolean mapped() {
    return bias ? layer.effectiveBias() : layer.effectiveWeights();
  }

  /** The constraint that maps this part, or null. */
  WeightConstraint constraint() {
    WeightConstraint constraint = layer.constraint();
    return bias && constraint != null && !constraint.bias() ? null : constraint;
  }

  /** This part of the flat buffer {@code flat}, in the file's order. */
  float[] toFile(float[] flat) {
    float[] values = new float[length()];
    if (bias) {
      System.arraycopy(flat, layer.biasOffset(), values, 0, values.length);
      return values;
    }
    return toFileOrder(flat, layer.weightOffset(), layer.in(), layer.units());
  }

  /** W (in × units, row-major from {@code wOff} of {@code w}) in the file's [units, in] order. */
  static float[] toFileOrder(float[] w, int wOff, int in, int units) {
    float[] values = new float[in * units];
    for (int i = 0; i < in; i++) {
      for (int u = 0; u < units; u++) {
        values[u * in + i] = w[wOff + i * units + u];
      }
    }
    return values;
  }

  /** Writes {@code values}, in the file's order, into this part of the flat buffer. */
  void fromFile(float[] values, float[] flat) {
    if (bias) {
      System.arraycopy(values, 0, flat, layer.biasOffset(), values.length);
      return;
    }
    fromFileOrder(values, flat, layer.weightOffset(), layer.in(), layer.units());
  }

  /** W in the file's [units, in] order written in × units row-major into {@code w} at wOff. */
  static void fromFileOrder(float[] values, float[] w, int wOff, int in, int units) {
    for (int i = 0; i < in; i++) {
      for (int u = 0; u < units; u++) {
        w[wOff + i * units + u] = values[u * in + i];
      }
    }
  }
}
