package dev.nabla.internal;

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
