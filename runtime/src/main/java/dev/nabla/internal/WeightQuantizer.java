package dev.nabla.internal;

/**
 * A layer's {@code @Quantized} step at run time: W = step·round(·) on W and b. Not API.
 *
 * @param straightThrough whether the backward pass uses the straight-through estimator
 */
public record WeightQuantizer(double step, boolean straightThrough) {
  public WeightQuantizer {
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("quantizer step must be finite and > 0, got " + step);
    }
  }

  /** The step as the float the generated weightsChanged() uses. */
  public float floatStep() {
    return (float) step;
  }

  /**
   * W = step·round(V/unit) for one value, bit for bit as the generated weightsChanged() computes
   * it: {@code unit} 1 for W′ counted in steps, the step for a constrained value V.
   */
  public float apply(float source, float unit) {
    return WeightMaps.quantize(source, floatStep(), unit);
  }
}
