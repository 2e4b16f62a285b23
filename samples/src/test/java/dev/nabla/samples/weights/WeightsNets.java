package dev.nabla.samples.weights;

import static dev.nabla.Activation.RELU;
import static dev.nabla.Activation.SIGMOID;
import static dev.nabla.Activation.TANH;
import static dev.nabla.Constraint.RANGE;
import static dev.nabla.Constraint.UNIT_TANH;

import dev.nabla.Constrained;
import dev.nabla.Constraint;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.Quantized;

/** The networks the weights-file tests save and load. */
final class WeightsNets {
  private WeightsNets() {}

  /** The 4-8-3 net of {@code make_torch_fixture.py}: Linear, tanh, Linear. */
  @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class TorchNet {
    @Layer(units = 8, activation = TANH) Dense hidden;
    @Layer(units = 3) Dense output;
  }

  /** {@link TorchNet} with a wider hidden layer: another architecture. */
  @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class WiderNet {
    @Layer(units = 16, activation = TANH) Dense hidden;
    @Layer(units = 3) Dense output;
  }

  /** Every constraint, the quantizer alone and combined with a constraint, one per layer. */
  @Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class MappedNet {
    @Constrained(Constraint.TANH) @Layer(units = 5, activation = SIGMOID) Dense tanh;
    @Constrained(Constraint.SIGMOID) @Layer(units = 5, activation = TANH) Dense sigmoid;
    @Constrained(value = UNIT_TANH, bias = false) @Layer(units = 4, activation = RELU) Dense unit;
    @Constrained(value = RANGE, lo = -0.3, hi = 0.7) @Quantized(step = 0.1)
    @Layer(units = 4, activation = SIGMOID) Dense range;
    @Quantized(step = 0.05) @Layer(units = 3) Dense steps;
  }
}
