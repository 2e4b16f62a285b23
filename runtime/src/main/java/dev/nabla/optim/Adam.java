package dev.nabla.optim;

import dev.nabla.internal.kernel.KernelOps;

/**
 * Adam (Kingma &amp; Ba) with bias correction; weight decay, when set, is decoupled (AdamW). The
 * moment buffers are allocated on the first step, sized for that parameter vector; one instance
 * serves one model.
 */
public final class Adam implements Optimizer {
  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private float[] firstMoment;
  private float[] secondMoment;
  private int steps;

  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    this.learningRate = Hyper.positive("learning rate", learningRate);
    this.beta1 = Hyper.unitInterval("beta1", beta1);
    this.beta2 = Hyper.unitInterval("beta2", beta2);
    this.epsilon = Hyper.positive("epsilon", epsilon);
    this.weightDecay = Hyper.nonNegative("weight decay", weightDecay);
  }

  @Override
  public void step(float[] params, float[] grads, int length) {
    if (firstMoment == null) {
      firstMoment = new float[length];
      secondMoment = new float[length];
    } else if (firstMoment.length != length) {
      throw new IllegalArgumentException("this Adam instance holds moments for " + firstMoment.length
          + " parameters but was asked to update " + length + "; use one instance per model");
    }
    steps++;
    float c1 = (float) (1 - Math.pow(beta1, steps));
    float c2 = (float) (1 - Math.pow(beta2, steps));
    KernelOps.adam(params, grads, firstMoment, secondMoment, 0, length, learningRate, beta1,
        beta2, epsilon, c1, c2, weightDecay);
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public String toString() {
    return "Adam(lr=" + learningRate + (weightDecay > 0 ? ", weightDecay=" + weightDecay : "") + ")";
  }
}
