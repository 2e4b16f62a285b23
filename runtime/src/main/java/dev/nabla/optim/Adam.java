package dev.nabla.optim;

import dev.nabla.internal.kernel.KernelOps;

/**
 * Adam (Kingma &amp; Ba) with bias correction; weight decay, when set, is decoupled as in
 * PyTorch's {@code AdamW}: θ ← θ − lr·λ·θ beside the Adam step, not added to the gradient. The
 * moment buffers are allocated on the first step, sized for that parameter vector; one instance
 * serves one model.
 */
public final class Adam extends UpdateRule {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private float[] firstMoment;
  private float[] secondMoment;
  private int steps;
  private float correction1;
  private float correction2;

  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    this.beta1 = Hyper.unitInterval("beta1", beta1);
    this.beta2 = Hyper.unitInterval("beta2", beta2);
    this.epsilon = Hyper.positive("epsilon", epsilon);
  }

  /** Decoupled weight decay (AdamW) as {@code decay} describes; biases exempt by default. */
  public Adam weightDecay(WeightDecay decay) {
    setWeightDecay(decay);
    return this;
  }

  /** Clips the gradients to global norm {@code maxNorm} before every update. */
  public Adam clipGradientNorm(double maxNorm) {
    setMaxGradientNorm(maxNorm);
    return this;
  }

  @Override
  void beginStep(int length) {
    firstMoment = stateFor(firstMoment, length, "moments");
    secondMoment = stateFor(secondMoment, length, "moments");
    steps++;
    correction1 = (float) (1 - Math.pow(beta1, steps));
    correction2 = (float) (1 - Math.pow(beta2, steps));
  }

  @Override
  void update(float[] params, float[] grads, int offset, int length, float lr, float lambda) {
    KernelOps.adam(params, grads, firstMoment, secondMoment, offset, length, lr, beta1, beta2,
        epsilon, correction1, correction2, lambda);
  }

  @Override
  public String toString() {
    return describe("Adam", "");
  }
}
