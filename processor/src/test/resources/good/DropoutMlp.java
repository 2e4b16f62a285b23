package golden;

import static dev.nabla.Activation.RELU;

import dev.nabla.Dense;
import dev.nabla.Dropout;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** d2l's dropout study: 784-256-256-10 ReLU, dropout 0.2 after the first hidden layer, 0.5 after the second. */
@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class DropoutMlp {
  @Layer(units = 256, activation = RELU) @Dropout(0.2) Dense hidden1;
  @Layer(units = 256, activation = RELU) @Dropout(0.5) Dense hidden2;
  @Layer(units = 10) Dense output;
}
