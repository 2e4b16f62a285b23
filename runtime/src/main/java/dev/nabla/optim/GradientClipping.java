package dev.nabla.optim;

/**
 * Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_}: when the L2 norm
 * of all gradients together exceeds {@code maxNorm}, every gradient is scaled by
 * maxNorm / (norm + 10⁻⁶). The sum of squares runs in double, so the norm is exact to float
 * precision however many parameters there are. Allocates nothing.
 */
public final class GradientClipping {
  /** PyTorch's guard against division by a zero norm. */
  private static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Scales {@code grads[0, length)} so that their global L2 norm is at most {@code maxNorm}.
   *
   * @return the norm before clipping
   * @throws IllegalArgumentException unless {@code maxNorm} is finite and {@code > 0}
   * @throws IndexOutOfBoundsException if {@code length} exceeds the array
   */
  public static double clipByGlobalNorm(float[] grads, int length, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("maxNorm must be finite and > 0, got " + maxNorm);
    }
    if (length < 0 || length > grads.length) {
      throw new IndexOutOfBoundsException("length " + length + " does not fit "
          + grads.length + " gradients");
    }
    double sum = 0;
    for (int i = 0; i < length; i++) {
      sum += (double) grads[i] * grads[i];
    }
    double norm = Math.sqrt(sum);
    double scale = maxNorm / (norm + EPSILON);
    if (scale < 1) {
      float factor = (float) scale;
      for (int i = 0; i < length; i++) {
        grads[i] *= factor;
      }
    }
    return norm;
  }
}
