package golden;

import dev.nabla.Activation;
import dev.nabla.Constrained;
import dev.nabla.Constraint;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.Quantized;

/** A 9-5-2 net: tanh-constrained hidden weights, output weights in steps of 0.1. */
@Model(inputs = 9, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class BoundedNet {
  @Constrained(Constraint.TANH)
  @Layer(units = 5, activation = Activation.SIGMOID) Dense hidden;

  @Quantized(step = 0.1)
  @Layer(units = 2) Dense output;
}
