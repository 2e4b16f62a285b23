package dev.nabla.internal;

import dev.nabla.Activation;
import dev.nabla.init.Init;
import dev.nabla.internal.kernel.KernelOps;

/**
 * What every generated network's core holds whatever its input (float rows for {@link
 * ModelCore}, token sequences for {@link SequenceCore}): the checked batch bound, the flat
 * parameter and gradient buffers, the one-thread-at-a-time and step guards, and the stale-weights
 * protocol of {@link DenseLayer}. Only those two cores extend it. Not API.
 */
public abstract class NetworkCore implements DenseLayer.Owner {
  protected final int outputs;
  protected final int maxBatch;
  /** Free parameters W′ of every layer: what the optimizer trains. */
  protected final float[] parameters;
  /** ∂L/∂W′, same layout as the parameters. */
  protected final float[] gradients;
  final OwnerGuard ownerGuard;
  final StepGuard stepGuard;
  /** Set by writes through a layer view; see {@link DenseLayer}. */
  private boolean weightsStale;

  /**
   * Checks {@code maxBatch} against {@code maxBatchLimit}, the largest whose buffers fit a Java
   * array, and allocates the parameter and gradient buffers.
   */
  NetworkCore(String model, int outputs, int parameterCount, int maxBatchLimit, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    if (maxBatch > maxBatchLimit) {
      throw new IllegalArgumentException("maxBatch must be at most MAX_BATCH_LIMIT = "
          + maxBatchLimit + ", the largest whose buffers fit a Java array, got " + maxBatch);
    }
    this.outputs = outputs;
    this.maxBatch = maxBatch;
    this.parameters = new float[parameterCount];
    this.gradients = new float[parameterCount];
    this.ownerGuard = new OwnerGuard(model);
    this.stepGuard = new StepGuard(parameterCount);
  }

  /** Brings what the forward pass derives from W′ (effective or packed weights) up to date. */
  protected abstract void weightsChanged();

  /** The initializer of {@code initialize(seed)}: He-normal before (leaky) ReLU, else Xavier. */
  static Init defaultWeights(DenseShape shape) {
    Activation activation = shape.activation();
    return activation == Activation.RELU || activation == Activation.LEAKY_RELU
        ? Init.heNormal() : Init.xavierUniform();
  }

  /** A = activation(Z), in place when {@code z == a}. */
  protected static void activate(DenseShape shape, float[] z, float[] a, int rows) {
    int length = rows * shape.units();
    switch (shape.activation()) {
      case IDENTITY -> { }
      case SIGMOID -> KernelOps.sigmoid(z, a, length);
      case TANH -> KernelOps.tanh(z, a, length);
      case RELU -> KernelOps.relu(z, a, length);
      case LEAKY_RELU -> KernelOps.leakyRelu(z, a, length, (float) shape.slope());
      case GELU -> KernelOps.gelu(z, a, length);
      case SOFTPLUS -> KernelOps.softplus(z, a, length);
      case SOFTMAX -> KernelOps.softmax(z, a, rows, shape.units());
    }
  }

  /**
   * dZ = dA ⊙ activation′(Z), in place on {@code delta}, from A, or from Z for GELU, whose
   * derivative A does not determine (softmax: dZ = A ⊙ (dA − (dA·A)1) per row).
   */
  protected static void activationBackward(DenseShape shape, float[] a, float[] delta, int rows) {
    int length = rows * shape.units();
    switch (shape.activation()) {
      case IDENTITY -> { }
      case SIGMOID -> KernelOps.sigmoidBackward(a, delta, length);
      case TANH -> KernelOps.tanhBackward(a, delta, length);
      case RELU -> KernelOps.reluBackward(a, delta, length);
      case LEAKY_RELU -> KernelOps.leakyReluBackward(a, delta, length, (float) shape.slope());
      case GELU -> KernelOps.geluBackward(a, delta, length);
      case SOFTPLUS -> KernelOps.softplusBackward(a, delta, length);
      case SOFTMAX -> KernelOps.softmaxBackward(a, delta, rows, shape.units());
    }
  }

  public final int outputs() {
    return outputs;
  }

  public final int maxBatch() {
    return maxBatch;
  }

  public final int parameterCount() {
    return parameters.length;
  }

  public final float[] parameters() {
    return parameters;
  }

  public final float[] gradients() {
    return gradients;
  }

  @Override
  public final void markWeightsStale() {
    weightsStale = true;
  }

  @Override
  public final void refreshStaleWeights() {
    if (weightsStale) {
      weightsStale = false;
      weightsChanged();
    }
  }

  public final void parametersChanged() {
    boolean entered = ownerGuard.enter("parametersChanged");
    try {
      weightsStale = false;
      weightsChanged();
    } finally {
      ownerGuard.exit(entered);
    }
  }
}
