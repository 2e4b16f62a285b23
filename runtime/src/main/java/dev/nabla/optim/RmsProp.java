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

  /** α, the square average's decay. */
  public float alpha() {
    return alpha;
  }

  /** The momentum μ, 0 without momentum. */
  public float momentumCoefficient() {
    return momentum;
  }

  /**
   * A copy of the square average s, one value per parameter (PyTorch's {@code square_avg});
   * empty before the first step.
   */
  public float[] squareAverage() {
    return squareAverage == null ? new float[0] : squareAverage.clone();
  }

  /**
   * A copy of the momentum buffer b (PyTorch's {@code momentum_buffer}); empty without momentum
   * or before the first step.
   */
  public float[] momentumBuffer() {
    return buffer == null ? new float[0] : buffer.clone();
  }

  /**
   * Resumes from saved state; the hyper-parameters stay this instance's. Empty arrays return it
   * to the state before its first step.
   *
   * @throws IllegalArgumentException unless every value is finite and every s {@code >= 0}, and
   *     the momentum buffer is empty exactly when s is or there is no momentum; nothing changes
   *     then
   */
  public void restore(float[] squareAverage, float[] momentumBuffer) {
    boolean buffered = momentum != 0 && squareAverage.length > 0;
    if (momentumBuffer.length != (buffered ? squareAverage.length : 0)) {
      throw new IllegalArgumentException("with momentum " + momentum + " and "
          + squareAverage.length + " square averages the momentum buffer must hold "
          + (buffered ? squareAverage.length : 0) + " values, got " + momentumBuffer.length);
    }
    Hyper.requireFinite("square average", squareAverage);
    for (int k = 0; k < squareAverage.length; k++) {
      if (squareAverage[k] < 0) {
        throw new IllegalArgumentException("square average [" + k + "] must be >= 0, got "
            + squareAverage[k]);
      }
    }
    Hyper.requireFinite("momentum buffer", momentumBuffer);
    this.squareAverage = squareAverage.length == 0 ? null : squareAverage.clone();
    this.buffer = momentumBuffer.length == 0 ? null : momentumBuffer.clone();
  }

  @Override
  public String toString() {
    return describe("RMSprop", (alpha != 0.99f ? ", alpha=" + alpha : "")
        + (momentum != 0 ? ", momentum=" + momentum : ""));
  }
}
