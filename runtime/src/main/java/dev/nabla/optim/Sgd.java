package dev.nabla.optim;

import dev.nabla.internal.kernel.KernelOps;

/**
 * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD} (dampening 0), with coupled
 * L2 weight decay: g ← g + λ·θ, then
 * <ul>
 *   <li>plain: θ ← θ − lr·g;
 *   <li>{@link #momentum(double) momentum} μ: v ← μ·v + g, θ ← θ − lr·v;
 *   <li>{@link #nesterov(double) Nesterov} momentum μ: v ← μ·v + g, θ ← θ − lr·(g + μ·v).
 * </ul>
 * v starts at 0 (so the first step's v is g, as in PyTorch) and is allocated on the first step
 * with momentum, for that parameter count; one instance serves one model.
 *
 * <pre>{@code
 * Sgd sgd = new Sgd(0.1).nesterov(0.9).weightDecay(WeightDecay.of(5e-4)).clipGradientNorm(1);
 * }</pre>
 *
 * <p>Plain SGD runs the vector kernel; with momentum the update is a plain loop (C2 vectorises
 * it; the step is memory-bound and a small share of a training step).
 */
public final class Sgd extends UpdateRule {
  private float momentum;
  private boolean nesterov;
  private float[] velocity;

  /** @throws IllegalArgumentException unless {@code learningRate} is finite and {@code > 0} */
  public Sgd(double learningRate) {
    super(learningRate);
  }

  /**
   * Classical (heavy-ball) momentum {@code momentum}; 0 turns it off.
   *
   * @throws IllegalArgumentException unless {@code 0 <= momentum < 1}
   */
  public Sgd momentum(double momentum) {
    this.momentum = Hyper.unitInterval("momentum", momentum);
    this.nesterov = false;
    return this;
  }

  /**
   * Nesterov momentum {@code momentum}, as PyTorch's {@code nesterov=True}.
   *
   * @throws IllegalArgumentException unless {@code 0 < momentum < 1}
   */
  public Sgd nesterov(double momentum) {
    float checked = Hyper.unitInterval("Nesterov momentum", momentum);
    if (checked == 0) {
      throw new IllegalArgumentException("Nesterov momentum must be > 0, got " + momentum);
    }
    this.momentum = checked;
    this.nesterov = true;
    return this;
  }

  /** Coupled L2 weight decay (g ← g + λ·θ) as {@code decay} describes; biases exempt by default. */
  public Sgd weightDecay(WeightDecay decay) {
    setWeightDecay(decay);
    return this;
  }

  /** Clips the gradients to global norm {@code maxNorm} before every update. */
  public Sgd clipGradientNorm(double maxNorm) {
    setMaxGradientNorm(maxNorm);
    return this;
  }

  @Override
  void beginStep(int length) {
    if (momentum != 0) {
      velocity = stateFor(velocity, length, "a velocity");
    }
  }

  @Override
  void update(float[] params, float[] grads, int offset, int length, float lr, float lambda) {
    if (momentum == 0) {
      KernelOps.sgd(params, grads, offset, length, lr, lambda);
      return;
    }
    float mu = momentum;
    float[] v = velocity;
    int end = offset + length;
    if (nesterov) {
      for (int i = offset; i < end; i++) {
        float g = grads[i] + lambda * params[i];
        v[i] = mu * v[i] + g;
        params[i] -= lr * (g + mu * v[i]);
      }
    } else {
      for (int i = offset; i < end; i++) {
        float g = grads[i] + lambda * params[i];
        v[i] = mu * v[i] + g;
        params[i] -= lr * v[i];
      }
    }
  }

  /** The momentum μ, 0 without momentum. */
  public float momentumCoefficient() {
    return momentum;
  }

  /** Whether the momentum is Nesterov's. */
  public boolean isNesterov() {
    return nesterov;
  }

  /**
   * A copy of the velocity v, one value per parameter (PyTorch's {@code momentum_buffer}); empty
   * without momentum or before the first step.
   */
  public float[] velocity() {
    return velocity == null ? new float[0] : velocity.clone();
  }

  /**
   * Resumes from a saved velocity; the hyper-parameters stay this instance's. An empty array
   * returns it to the state before its first step.
   *
   * @throws IllegalArgumentException if a value is not finite, or a non-empty velocity is given
   *     without momentum; nothing changes then
   */
  public void restore(float[] velocity) {
    if (velocity.length > 0 && momentum == 0) {
      throw new IllegalArgumentException("a velocity was given, but this SGD has no momentum");
    }
    Hyper.requireFinite("velocity", velocity);
    this.velocity = velocity.length == 0 ? null : velocity.clone();
  }

  /** E.g. "SGD(lr=0.1, nesterov=0.9, weightDecay=WeightDecay.of(5.0E-4))". */
  @Override
  public String toString() {
    return describe("SGD", momentum == 0 ? "" : (nesterov ? ", nesterov=" : ", momentum=")
        + momentum);
  }
}
