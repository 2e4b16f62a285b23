package golden;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** A 3-4-4-3-3 net through the later activations to a softmax output, with a Huber loss. */
@Model(inputs = 3, loss = Loss.HUBER, huberDelta = 0.5)
abstract class SmoothNet {
  @Layer(units = 4, activation = Activation.GELU) Dense gelu;
  @Layer(units = 4, activation = Activation.LEAKY_RELU, slope = 0.2) Dense leaky;
  @Layer(units = 3, activation = Activation.SOFTPLUS) Dense softplus;
  @Layer(units = 3, activation = Activation.SOFTMAX) Dense output;
}
