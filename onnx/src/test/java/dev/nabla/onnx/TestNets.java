package dev.nabla.onnx;

import static dev.nabla.Activation.GELU;
import static dev.nabla.Activation.IDENTITY;
import static dev.nabla.Activation.LEAKY_RELU;
import static dev.nabla.Activation.RELU;
import static dev.nabla.Activation.SIGMOID;
import static dev.nabla.Activation.SOFTMAX;
import static dev.nabla.Activation.SOFTPLUS;
import static dev.nabla.Activation.TANH;

import dev.nabla.Constrained;
import dev.nabla.Constraint;
import dev.nabla.Dense;
import dev.nabla.Dropout;
import dev.nabla.Embedding;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.Quantized;
import dev.nabla.Recurrent;
import dev.nabla.RecurrentCell;
import dev.nabla.Sequence;

/**
 * Small models that together use every activation, loss head, constraint, the quantizer and
 * dropout, with and without bias, for {@link OnnxExportTest}. Layer widths differ from their inputs so
 * that a transposed weight is a shape error, not only wrong numbers.
 */
final class TestNets {
  private TestNets() {}

  /** Every activation, mean squared error: the output is the identity's activations. */
  @Model(inputs = 5, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class Activations {
    @Layer(units = 7, activation = SIGMOID) Dense sigmoid;
    @Layer(units = 6, activation = TANH) Dense tanh;
    @Layer(units = 4, activation = RELU) Dense relu;
    @Layer(units = 3, activation = IDENTITY) Dense identity;
  }

  /** The later activations to a softmax output, Huber loss: the output is the softmax's. */
  @Model(inputs = 5, loss = Loss.HUBER, huberDelta = 0.5)
  abstract static class LaterActivations {
    @Layer(units = 7, activation = GELU) Dense gelu;
    @Layer(units = 6, activation = LEAKY_RELU, slope = 0.3) Dense leaky;
    @Layer(units = 4, activation = SOFTPLUS, bias = false) Dense softplus;
    @Layer(units = 3, activation = SOFTMAX) Dense softmax;
  }

  /** LeakyReLU at its default slope, mean absolute error: the output is the identity's. */
  @Model(inputs = 4, loss = Loss.MEAN_ABSOLUTE_ERROR)
  abstract static class DefaultLeaky {
    @Layer(units = 8, activation = LEAKY_RELU) Dense leaky;
    @Layer(units = 2) Dense output;
  }

  /** Softmax cross-entropy on logits: the output is the softmax probabilities. */
  @Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class SoftmaxLogits {
    @Layer(units = 9, activation = RELU) Dense hidden;
    @Layer(units = 4) Dense output;
  }

  /** Softmax cross-entropy after an activation: the softmax of the activated outputs. */
  @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class SoftmaxAfterTanh {
    @Layer(units = 5, activation = SIGMOID) Dense hidden;
    @Layer(units = 3, activation = TANH) Dense output;
  }

  /** Binary cross-entropy (sigmoid output) with a hidden layer without bias. */
  @Model(inputs = 3, loss = Loss.BINARY_CROSS_ENTROPY)
  abstract static class Binary {
    @Layer(units = 6, activation = TANH, bias = false) Dense hidden;
    @Layer(units = 2, activation = SIGMOID) Dense output;
  }

  /** Every constraint; one leaves its bias unmapped, one has no bias at all. */
  @Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class Constraints {
    @Constrained(Constraint.TANH)
    @Layer(units = 5, activation = RELU) Dense tanh;

    @Constrained(value = Constraint.SIGMOID, bias = false)
    @Layer(units = 6, activation = TANH) Dense sigmoid;

    @Constrained(Constraint.UNIT_TANH)
    @Layer(units = 7, activation = SIGMOID, bias = false) Dense unitTanh;

    @Constrained(value = Constraint.RANGE, lo = -0.5, hi = 1.5)
    @Layer(units = 3) Dense range;
  }

  /** Dropout, the identity at inference: the graph has no node for it. */
  @Model(inputs = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class Dropped {
    @Dropout(0.5)
    @Layer(units = 8, activation = RELU) Dense hidden;

    @Dropout(0.2)
    @Layer(units = 6, activation = SIGMOID) Dense second;

    @Layer(units = 3) Dense output;
  }

  /** The quantizer alone and on a constrained layer. */
  @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
  abstract static class Quantizers {
    @Quantized(step = 0.125)
    @Layer(units = 6, activation = RELU) Dense stepped;

    @Quantized(step = 0.25)
    @Constrained(Constraint.TANH)
    @Layer(units = 3) Dense steppedTanh;
  }

  /** A sequence model, which the export refuses; steps = vocabulary, so its widths do chain. */
  @Sequence(steps = 5)
  abstract static class Tokens {
    @Embedding(vocabulary = 5, dimension = 3) Dense embed;
    @Layer(units = 5) Dense output;
  }

  @Sequence(steps = 5, targets = Sequence.Targets.LAST_STEP)
  abstract static class LastToken {
    @Embedding(vocabulary = 5, dimension = 3, activation = SIGMOID) Dense embed;
    @Layer(units = 4) Dense output;
  }

  @Sequence(steps = 6)
  abstract static class TanhRnn {
    @Embedding(vocabulary = 7, dimension = 3) Dense embed;
    @Recurrent(units = 4) RecurrentCell cell;
    @Layer(units = 5) Dense output;
  }

  @Sequence(steps = 6, targets = Sequence.Targets.LAST_STEP)
  abstract static class SigmoidRnn {
    @Embedding(vocabulary = 7, dimension = 3, activation = TANH) Dense embed;
    @Recurrent(units = 4, activation = SIGMOID) RecurrentCell cell;
    @Layer(units = 3) Dense output;
  }

  @Sequence(steps = 3)
  abstract static class ReluRnn {
    @Embedding(vocabulary = 7, dimension = 2) Dense embed;
    @Recurrent(units = 5, activation = RELU) RecurrentCell cell;
    @Layer(units = 3) Dense output;
  }

  @Sequence(steps = 4, targets = Sequence.Targets.LAST_STEP)
  abstract static class LinearRnn {
    @Embedding(vocabulary = 7, dimension = 3) Dense embed;
    @Recurrent(units = 4, activation = IDENTITY) RecurrentCell cell;
    @Layer(units = 6) Dense output;
  }

  @Sequence(steps = 5)
  abstract static class Lstm {
    @Embedding(vocabulary = 7, dimension = 3) Dense embed;
    @Recurrent(units = 4, cell = Recurrent.Cell.LSTM) RecurrentCell cell;
    @Layer(units = 5) Dense output;
  }

  @Sequence(steps = 3, targets = Sequence.Targets.LAST_STEP)
  abstract static class LastStepLstm {
    @Embedding(vocabulary = 7, dimension = 2, activation = TANH) Dense embed;
    @Recurrent(units = 6, cell = Recurrent.Cell.LSTM) RecurrentCell cell;
    @Layer(units = 3) Dense output;
  }
}
