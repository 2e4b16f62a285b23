package bad;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** Three independent mistakes in one class: all three are reported, nothing is generated. */
@Model(inputs = 4, loss = Loss.BINARY_CROSS_ENTROPY)
abstract class ThreeMistakes {
  @Layer(units = 0, activation = Activation.RELU) Dense hidden;

  @Layer(units = 3) private Dense middle;

  @Layer(units = 1, activation = Activation.SIGMOID) float[] output;
}
