package golden;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** Holds a nested model: the generated class is the top-level {@code Outer_NetModel}. */
public class Outer {
  @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR)
  public abstract static class Net {
    @Layer(units = 4, activation = Activation.TANH) Dense hidden;
    @Layer(units = 1, bias = false) Dense output;
  }
}
