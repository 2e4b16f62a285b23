package dev.nabla.internal;

import dev.nabla.Loss;
import dev.nabla.internal.kernel.KernelOps;

/**
 * The layer steps of a model of small layers whose batches run feature-major: Xᵀ, Zᵀ and dZᵀ hold
 * one row per feature with the samples along it, so the kernels put samples in the vector lanes.
 * Only the output layer's Z, A and dZ are row-major, like the caller's arrays. Not API.
 */
public abstract class FeatureMajorCore extends ModelCore {
  /** Xᵀ, inputs × rows. */
  protected final float[] inputPlanes;
  /** Zᵀ, then dZᵀ, of the output layer, outputs × rows. */
  protected final float[] outputPlanes;

  protected FeatureMajorCore(String model, int inputs, int outputs, Loss loss, int parameterCount,
      int maxBatchLimit, boolean hasEffectiveWeights, int maxBatch, DenseShape... shapes) {
    super(model, inputs, outputs, loss, parameterCount, maxBatchLimit, hasEffectiveWeights,
        maxBatch, shapes);
    inputPlanes = new float[maxBatch * inputs];
    outputPlanes = new float[maxBatch * outputs];
  }

  /** Xᵀ of the row-major {@code x} (rows × width) into {@code planes} (width × rows). */
  protected static void toFeatureMajor(float[] x, int rows, int width, float[] planes) {
    KernelOps.transpose(x, 0, rows, width, planes, 0);
  }

  /** Z of {@code planes} (width × rows) into the row-major {@code z} (rows × width). */
  protected static void toRowMajor(float[] planes, int width, int rows, float[] z) {
    KernelOps.transpose(planes, 0, width, rows, z, 0);
  }

  /** Zᵀ = Wᵀ·Xᵀ + b·1ᵀ (Xᵀ in × rows, Zᵀ units × rows). */
  protected final void dense(DenseShape layer, float[] xT, float[] zT, int rows) {
    KernelOps.featureMajorProduct(weightsOf(layer), layer.weightOffset(), 1, layer.units(),
        biasOf(layer), layer.biasOffset(), xT, 0, zT, 0, layer.units(), layer.in(), rows);
  }

  /** ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ; ∇b, dZᵀ's row sums. */
  protected final void parameterGradients(DenseShape layer, float[] xT, float[] dzT, int rows) {
    KernelOps.featureMajorWeightGradient(xT, 0, dzT, 0, gradients, layer.weightOffset(),
        layer.in(), layer.units(), rows);
    if (layer.hasBias()) {
      KernelOps.rowSums(dzT, 0, gradients, layer.biasOffset(), layer.units(), rows);
    }
  }

  /** dXᵀ = W·dZᵀ: the dA of the layer before, feature-major. */
  protected final void inputGradient(DenseShape layer, float[] dzT, float[] dxT, int rows) {
    KernelOps.featureMajorProduct(weightsOf(layer), layer.weightOffset(), layer.units(), 1, null,
        0, dzT, 0, dxT, 0, layer.in(), layer.units(), rows);
  }
}
