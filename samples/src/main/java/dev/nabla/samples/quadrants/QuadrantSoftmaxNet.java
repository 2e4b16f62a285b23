package dev.nabla.samples.quadrants;

import static dev.nabla.Activation.SIGMOID;
import static dev.nabla.Activation.SOFTMAX;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/**
 * The quadrant study's softmax variant: the output's sigmoid becomes a softmax over the four
 * classes, scored by the mean squared error of those probabilities against the one-hot targets.
 */
@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
abstract class QuadrantSoftmaxNet {
  @Layer(units = 3, activation = SIGMOID) Dense hidden1;
  @Layer(units = 3, activation = SIGMOID) Dense hidden2;
  @Layer(units = 4, activation = SOFTMAX) Dense output;
}
