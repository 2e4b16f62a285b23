package dev.nabla.samples.breastcancer;

import static dev.nabla.Activation.SIGMOID;
import static dev.nabla.Constraint.TANH;
import static dev.nabla.Constraint.UNIT_TANH;
import static dev.nabla.Loss.SOFTMAX_CROSS_ENTROPY;

import dev.nabla.Constrained;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Model;
import dev.nabla.Quantized;

/**
 * The five 9-5-2 networks of the breast-cancer study: sigmoid on both layers and cross-entropy on
 * those sigmoid outputs (as the study does; the processor warns about it). The bias is the extra
 * row of the augmented [W; b], which the constraint and the quantizer cover too.
 */
final class BreastCancerNets {
  private BreastCancerNets() {}

  @Model(inputs = 9, loss = SOFTMAX_CROSS_ENTROPY)
  abstract static class Plain {
    @Layer(units = 5, activation = SIGMOID) Dense hidden;
    @Layer(units = 2, activation = SIGMOID) Dense output;
  }

  /** W = tanh(W′): weights in (−1, 1). */
  @Model(inputs = 9, loss = SOFTMAX_CROSS_ENTROPY)
  abstract static class Tanh {
    @Constrained(TANH) @Layer(units = 5, activation = SIGMOID) Dense hidden;
    @Constrained(TANH) @Layer(units = 2, activation = SIGMOID) Dense output;
  }

  /** W = (tanh(W′) + 1)/2: weights in (0, 1). */
  @Model(inputs = 9, loss = SOFTMAX_CROSS_ENTROPY)
  abstract static class UnitTanh {
    @Constrained(UNIT_TANH) @Layer(units = 5, activation = SIGMOID) Dense hidden;
    @Constrained(UNIT_TANH) @Layer(units = 2, activation = SIGMOID) Dense output;
  }

  /** W = 0.1·round(W′), trained by the straight-through estimator. */
  @Model(inputs = 9, loss = SOFTMAX_CROSS_ENTROPY)
  abstract static class Quantized01 {
    @Quantized(step = 0.1) @Layer(units = 5, activation = SIGMOID) Dense hidden;
    @Quantized(step = 0.1) @Layer(units = 2, activation = SIGMOID) Dense output;
  }

  /** The study's failed attempt: rounding without the estimator has zero gradient. */
  @Model(inputs = 9, loss = SOFTMAX_CROSS_ENTROPY)
  abstract static class QuantizedNoEstimator {
    @Quantized(step = 0.1, straightThrough = false)
    @Layer(units = 5, activation = SIGMOID) Dense hidden;
    @Quantized(step = 0.1, straightThrough = false)
    @Layer(units = 2, activation = SIGMOID) Dense output;
  }
}
