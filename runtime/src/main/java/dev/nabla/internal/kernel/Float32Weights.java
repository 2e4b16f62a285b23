package dev.nabla.internal.kernel;

/**
 * float32 {@link FrozenWeights}: private copies of W (row-major, which the small-batch kernels
 * stream) and b, and, where batches take the packed GEMM, W's panels packed once here. Nothing
 * is written after construction, and products run on the calling thread with per-thread scratch,
 * so any number of threads may multiply at once. Each product is bit for bit the trainable
 * model's {@link KernelOps#matmul} with the same rows.
 */
final class Float32Weights implements FrozenWeights {
  private final int in;
  private final int units;
  private final float[] weights;
  private final float[] bias;
  /** W's panels for the packed GEMM, or null where the kernels do not pack a W of this shape. */
  private final PackedWeights panels;

  /**
   * Copies W (in×units, row-major) and b (units, or null for none) and packs the panels. W's copy
   * is followed by {@code slack} zeros; see {@link KernelOps#float32Weights}.
   */
  Float32Weights(KernelSupport kernels, float[] w, float[] b, int in, int units, int slack) {
    this.in = in;
    this.units = units;
    this.weights = java.util.Arrays.copyOf(w, w.length + slack);
    this.bias = b == null ? null : b.clone();
    this.panels = kernels.frozenWeights(weights, in, units);
  }

  @Override
  public int in() {
    return in;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public void multiply(float[] x, int xOff, int rows, float[] z, int zOff) {
    KernelOps.check(x, xOff, rows, in, "X");
    KernelOps.check(z, zOff, rows, units, "Z");
    KernelOps.frozenMatmul(x, xOff, weights, panels, bias, z, zOff, rows, in, units);
  }

  @Override
  public float[] weights() {
    return java.util.Arrays.copyOf(weights, in * units);
  }

  @Override
  public float[] bias() {
    return bias == null ? null : bias.clone();
  }

  @Override
  public long bytes() {
    long floats = (long) in * units + (bias == null ? 0 : bias.length)
        + (panels == null ? 0 : panels.panels.length);
    return Float.BYTES * floats;
  }
}
