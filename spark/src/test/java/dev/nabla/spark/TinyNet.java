package dev.nabla.spark;

import static dev.nabla.Activation.RELU;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** The tests' classifier: 6 features, 3 classes. */
@Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class TinyNet {
  @Layer(units = 16, activation = RELU) Dense hidden;
  @Layer(units = 3) Dense output;
}
