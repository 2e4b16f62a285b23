package dev.nabla.samples.fashion;

import static dev.nabla.Activation.RELU;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** The Fashion-MNIST MLP: 784-256-10, ReLU, softmax cross-entropy on the logits. */
@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionMlp {
  @Layer(units = 256, activation = RELU) Dense hidden;
  @Layer(units = 10) Dense output;
}
