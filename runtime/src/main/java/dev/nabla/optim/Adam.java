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

  /** Steps taken so far (restored ones included): the t of the bias correction. */
  public int steps() {
    return steps;
  }

  /** A copy of the first moment m, one value per parameter; empty before the first step. */
  public float[] firstMoment() {
    return firstMoment == null ? new float[0] : firstMoment.clone();
  }

  /** A copy of the second moment v, one value per parameter; empty before the first step. */
  public float[] secondMoment() {
    return secondMoment == null ? new float[0] : secondMoment.clone();
  }

  /**
   * Resumes from saved state, as if this instance had taken {@code steps} steps ending in these
   * moments; the hyper-parameters stay this instance's. Checks everything first: a bad value
   * throws and changes nothing.
   *
   * <p>{@code restore(0, new float[0], new float[0])} returns it to the state before its first
   * step.
   *
   * @throws IllegalArgumentException unless both moments have the same length, non-zero exactly
   *     when {@code steps >= 1}, every value is finite and every value of v is {@code >= 0}
   */
  public void restore(int steps, float[] firstMoment, float[] secondMoment) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (firstMoment.length != secondMoment.length || (steps == 0) != (firstMoment.length == 0)) {
      throw new IllegalArgumentException("after " + steps + " steps the moments must have one"
          + " and the same " + (steps == 0 ? "zero" : "non-zero") + " length, got "
          + firstMoment.length + " and " + secondMoment.length);
    }
    for (int k = 0; k < firstMoment.length; k++) {
      if (!Float.isFinite(firstMoment[k])) {
        throw new IllegalArgumentException("first moment [" + k + "] must be finite, got "
            + firstMoment[k]);
      }
      if (!(secondMoment[k] >= 0) || Float.isInfinite(secondMoment[k])) {
        throw new IllegalArgumentException("second moment [" + k + "] must be finite and >= 0,"
            + " got " + secondMoment[k]);
      }
    }
    this.firstMoment = steps == 0 ? null : firstMoment.clone();
    this.secondMoment = steps == 0 ? null : secondMoment.clone();
    this.steps = steps;
  }

  /** β1, the first moment's decay. */
  public float beta1() {
    return beta1;
  }

  /** β2, the second moment's decay. */
  public float beta2() {
    return beta2;
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
