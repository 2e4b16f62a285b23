package dev.nabla.internal;

import dev.nabla.Loss;
import dev.nabla.internal.kernel.KernelOps;
import dev.nabla.internal.kernel.PackedWeights;

/**
 * The layer steps of a model whose batches run row-major, like the caller's arrays: X, Z, A and
 * their gradients hold one sample per row. Each layer's W is kept packed for X·W from one forward
 * pass to the next until the parameters change. Not API.
 */
public abstract class RowMajorCore extends ModelCore {
  private final PackedWeights[] packed;

  protected RowMajorCore(String model, int inputs, int outputs, Loss loss, int parameterCount,
      int maxBatchLimit, boolean hasEffectiveWeights, int maxBatch, DenseShape... shapes) {
    super(model, inputs, outputs, loss, parameterCount, maxBatchLimit, hasEffectiveWeights,
        maxBatch, shapes);
    packed = new PackedWeights[shapes.length];
    for (DenseShape shape : shapes) {
      packed[shape.index()] = KernelOps.packedWeights(shape.in(), shape.units());
    }
  }

  /** The packed copies of W are stale after a change of W′: the next forward pass repacks. */
  protected final void dropPackedWeights() {
    for (PackedWeights weights : packed) {
      weights.invalidate();
    }
  }

  /** Z = X·W + 1·bᵀ (X rows × in, Z rows × units). */
  protected final void dense(DenseShape layer, float[] x, float[] z, int rows) {
    KernelOps.matmul(x, 0, weightsOf(layer), layer.weightOffset(), packed[layer.index()],
        biasOf(layer), layer.biasOffset(), z, 0, rows, layer.in(), layer.units());
  }

  /** ∇W = Xᵀ·dZ, and ∇b = 1ᵀ·dZ with a bias. */
  protected final void parameterGradients(DenseShape layer, float[] x, float[] dz, int rows) {
    KernelOps.matmulTransposeA(x, 0, dz, 0, gradients, layer.weightOffset(), rows, layer.in(),
        layer.units());
    if (layer.hasBias()) {
      KernelOps.columnSums(dz, 0, gradients, layer.biasOffset(), rows, layer.units());
    }
  }

  /** dX = dZ·Wᵀ: the dA of the layer before. */
  protected final void inputGradient(DenseShape layer, float[] dz, float[] dx, int rows) {
    KernelOps.matmulTransposeB(dz, 0, weightsOf(layer), layer.weightOffset(), dx, 0, rows,
        layer.units(), layer.in());
  }
}
