package golden;

import static dev.nabla.Activation.SIGMOID;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** The 2-3-3-4 sigmoid network of the quadrant study; BCE on one-hot targets. */
@Model(inputs = 2, loss = Loss.BINARY_CROSS_ENTROPY)
abstract class QuadrantNet {
  @Layer(units = 3, activation = SIGMOID) Dense hidden1;
  @Layer(units = 3, activation = SIGMOID) Dense hidden2;
  @Layer(in = 3, units = 4, activation = SIGMOID) Dense output;
}
