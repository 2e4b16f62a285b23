package golden;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/**
 * A 784-256-10 ReLU MLP with an identity output and the fused softmax cross-entropy. Both layers
 * have more weights than the feature-major limit, so the network runs row-major through GEMMs.
 */
@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class MnistMlp {
  @Layer(units = 256, activation = Activation.RELU) Dense hidden;
  @Layer(units = 10) Dense logits;
}
