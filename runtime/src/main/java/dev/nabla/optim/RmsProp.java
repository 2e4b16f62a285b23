package dev.nabla.optim;

/**
 * RMSprop as PyTorch's {@code torch.optim.RMSprop} (not centered), with coupled L2 weight decay:
 * g ← g + λ·θ; s ← α·s + (1 − α)·g²; then θ ← θ − lr·g / (√s + ε), or with momentum μ:
 * b ← μ·b + g / (√s + ε), θ ← θ − lr·b. Defaults α = 0.99, ε = 10⁻⁸, no momentum. The buffers
 * are allocated on the first step, for that parameter count; one instance serves one model.
 *
 * <p>The update is a plain loop: C2 vectorises it, and the step is memory-bound and a small
 * share of a training step.
 */
public final class RmsProp extends UpdateRule {
  private final float alpha;
  private final float epsilon;
  private float momentum;
  private float[] squareAverage;
  private float[] buffer;

  public RmsProp(double learningRate) {
    this(learningRate, 0.99, 1e-8);
  }

  /**
   * @throws IllegalArgumentException unless {@code learningRate} and {@code epsilon} are finite
   *     and {@code > 0} and {@code 0 <= alpha < 1}
   */
  public RmsProp(double learningRate, double alpha, double epsilon) {
    super(learningRate);
    this.alpha = Hyper.unitInterval("alpha", alpha);
    this.epsilon = Hyper.positive("epsilon", epsilon);
  }

  /**
   * Momentum {@code momentum} on the scaled gradient; 0 turns it off.
   *
   * @throws IllegalArgumentException unless {@code 0 <= momentum < 1}
   */
  public RmsProp momentum(double momentum) {
    this.momentum = Hyper.unitInterval("momentum", momentum);
    return this;
  }

  /** Coupled L2 weight decay (g ← g + λ·θ) as {@code decay} describes; biases exempt by default. */
  public RmsProp weightDecay(WeightDecay decay) {
    setWeightDecay(decay);
    return this;
  }

  /** Clips the gradients to global norm {@code maxNorm} before every update. */
  public RmsProp clipGradientNorm(double maxNorm) {
    setMaxGradientNorm(maxNorm);
    return this;
  }

  @Override
  void beginStep(int length) {
    squareAverage = stateFor(squareAverage, length, "square averages");
    if (momentum != 0) {
      buffer = stateFor(buffer, length, "a momentum buffer");
    }
  }

  @Override
  void update(float[] params, float[] grads, int offset, int length, float lr, float lambda) {
    float a = alpha;
    float oneMinusA = 1f - alpha;
    float eps = epsilon;
    float[] s = squareAverage;
    int end = offset + length;
    // Two loops rather than a branch per element, so that C2 vectorises each.
    if (momentum == 0) {
      for (int i = offset; i < end; i++) {
        float g = grads[i] + lambda * params[i];
        s[i] = a * s[i] + oneMinusA * g * g;
        params[i] -= lr * (g / ((float) Math.sqrt(s[i]) + eps));
      }
    } else {
      float mu = momentum;
      float[] b = buffer;
      for (int i = offset; i < end; i++) {
        float g = grads[i] + lambda * params[i];
        s[i] = a * s[i] + oneMinusA * g * g;
        b[i] = mu * b[i] + g / ((float) Math.sqrt(s[i]) + eps);
        params[i] -= lr * b[i];
      }
    }
  }

  @Override
  public String toString() {
    return describe("RMSprop", (alpha != 0.99f ? ", alpha=" + alpha : "")
        + (momentum != 0 ? ", momentum=" + momentum : ""));
  }
}
