package dev.nabla.optim;

import dev.nabla.internal.kernel.KernelOps;

/** Plain SGD with optional L2 weight decay: p −= lr·(g + weightDecay·p). */
public final class Sgd implements Optimizer {
  private final float learningRate;
  private final float weightDecay;

  public Sgd(double learningRate) {
    this(learningRate, 0);
  }

  public Sgd(double learningRate, double weightDecay) {
    this.learningRate = Hyper.positive("learning rate", learningRate);
    this.weightDecay = Hyper.nonNegative("weight decay", weightDecay);
  }

  @Override
  public void step(float[] params, float[] grads, int length) {
    KernelOps.sgd(params, grads, 0, length, learningRate, weightDecay);
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public String toString() {
    return "SGD(lr=" + learningRate + (weightDecay > 0 ? ", weightDecay=" + weightDecay : "") + ")";
  }
}
